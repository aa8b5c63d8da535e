/**
 * The part of Home Assistant's templates (Jinja) that discovery configs use, evaluated without
 * `eval` or `new Function` (the CSP forbids both): `{{ … }}` with `value` and `value_json`,
 * attribute and index access (`value_json.x`, `value_json['ENERGY'].Today`), arithmetic,
 * comparisons, `and`/`or`/`not`, `a if c else b`, `{% if %}…{% elif %}…{% else %}…{% endif %}`,
 * and the filters and functions `float`, `int`, `round`, `default`, `bool`, `string`, `lower`,
 * `upper`, `trim`, `abs`, `length`, `tojson`, `is_number`. A template outside that subset is
 * refused when compiled, with the reason, so the caller can show the raw value and say so.
 */

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** What a template is evaluated with. */
export type Scope = Readonly<Record<string, unknown>>;

type Expr =
  | { t: 'lit'; v: unknown }
  | { t: 'var'; name: string }
  | { t: 'list'; items: Expr[] }
  | { t: 'get'; of: Expr; key: Expr }
  | { t: 'call'; name: string; args: Expr[] }
  | { t: 'filter'; name: string; of: Expr; args: Expr[] }
  | { t: 'not'; of: Expr }
  | { t: 'neg'; of: Expr }
  | { t: 'bin'; op: string; a: Expr; b: Expr }
  | { t: 'test'; name: string; of: Expr; negated: boolean }
  | { t: 'cond'; test: Expr; then: Expr; else: Expr };

type Node = { t: 'text'; v: string } | { t: 'out'; e: Expr } | { t: 'if'; branches: { test: Expr | null; body: Node[] }[] };

interface Token {
  readonly kind: 'num' | 'str' | 'name' | 'op';
  readonly v: string;
}

const OPERATORS = ['==', '!=', '<=', '>=', '//', '**', '<', '>', '+', '-', '*', '/', '%', '(', ')', '[', ']', '.', ',', '|', '~'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i))!;
      tokens.push({ kind: 'num', v: m[0] });
      i += m[0].length;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\' && j + 1 < source.length) {
          const next = source[j + 1]!;
          text += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          j += 2;
        } else text += source[j++];
      }
      if (j >= source.length) throw new TemplateError('a string is not closed');
      tokens.push({ kind: 'str', v: text });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      tokens.push({ kind: 'name', v: m[0] });
      i += m[0].length;
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (op === undefined) throw new TemplateError(`“${c}” is not understood`);
      tokens.push({ kind: 'op', v: op });
      i += op.length;
    }
  }
  return tokens;
}

/** A recursive-descent parser over one tag's tokens. */
class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.at >= this.tokens.length;
  }

  private peek(v?: string): Token | undefined {
    const token = this.tokens[this.at];
    return v === undefined || token?.v === v ? token : undefined;
  }

  private eat(v: string): boolean {
    if (this.peek(v) === undefined) return false;
    this.at++;
    return true;
  }

  private expect(v: string): void {
    if (!this.eat(v)) throw new TemplateError(`“${v}” was expected`);
  }

  expression(): Expr {
    const value = this.or();
    if (this.peek('if') !== undefined && this.peek()?.kind === 'name') {
      this.at++;
      const test = this.or();
      const otherwise = this.eat('else') ? this.expression() : ({ t: 'lit', v: undefined } as Expr);
      return { t: 'cond', test, then: value, else: otherwise };
    }
    return value;
  }

  private or(): Expr {
    let a = this.and();
    while (this.eat('or')) a = { t: 'bin', op: 'or', a, b: this.and() };
    return a;
  }

  private and(): Expr {
    let a = this.not();
    while (this.eat('and')) a = { t: 'bin', op: 'and', a, b: this.not() };
    return a;
  }

  private not(): Expr {
    return this.eat('not') ? { t: 'not', of: this.not() } : this.compare();
  }

  private compare(): Expr {
    let a = this.sum();
    for (;;) {
      const op = this.tokens[this.at]?.v;
      if (op === '==' || op === '!=' || op === '<' || op === '>' || op === '<=' || op === '>=') {
        this.at++;
        a = { t: 'bin', op, a, b: this.sum() };
      } else if (op === 'in' || (op === 'not' && this.tokens[this.at + 1]?.v === 'in')) {
        this.at += op === 'in' ? 1 : 2;
        const inside: Expr = { t: 'bin', op: 'in', a, b: this.sum() };
        a = op === 'in' ? inside : { t: 'not', of: inside };
      } else if (op === 'is') {
        this.at++;
        const negated = this.eat('not');
        const name = this.name();
        a = { t: 'test', name, of: a, negated };
      } else return a;
    }
  }

  private sum(): Expr {
    let a = this.product();
    for (;;) {
      const op = this.tokens[this.at]?.v;
      if (op !== '+' && op !== '-' && op !== '~') return a;
      this.at++;
      a = { t: 'bin', op, a, b: this.product() };
    }
  }

  private product(): Expr {
    let a = this.unary();
    for (;;) {
      const op = this.tokens[this.at]?.v;
      if (op !== '*' && op !== '/' && op !== '//' && op !== '%' && op !== '**') return a;
      this.at++;
      a = { t: 'bin', op, a, b: this.unary() };
    }
  }

  private unary(): Expr {
    if (this.eat('-')) return { t: 'neg', of: this.unary() };
    if (this.eat('+')) return this.unary();
    return this.filtered();
  }

  private filtered(): Expr {
    let e = this.postfix();
    while (this.eat('|')) {
      const name = this.name();
      e = { t: 'filter', name, of: e, args: this.peek('(') !== undefined ? this.args() : [] };
    }
    return e;
  }

  private name(): string {
    const token = this.tokens[this.at];
    if (token?.kind !== 'name') throw new TemplateError('a name was expected');
    this.at++;
    return token.v;
  }

  private args(): Expr[] {
    this.expect('(');
    const args: Expr[] = [];
    while (!this.eat(')')) {
      if (args.length > 0) this.expect(',');
      // Keyword arguments (`round(1, method='floor')`) keep their place; the name is dropped.
      if (this.tokens[this.at]?.kind === 'name' && this.tokens[this.at + 1]?.v === '=') this.at += 2;
      args.push(this.expression());
    }
    return args;
  }

  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      if (this.eat('.')) {
        const token = this.tokens[this.at++];
        if (token === undefined || (token.kind !== 'name' && token.kind !== 'num')) throw new TemplateError('a name was expected after “.”');
        e = { t: 'get', of: e, key: { t: 'lit', v: token.v } };
      } else if (this.eat('[')) {
        e = { t: 'get', of: e, key: this.expression() };
        this.expect(']');
      } else if (this.peek('(') !== undefined && e.t === 'var') {
        e = { t: 'call', name: e.name, args: this.args() };
      } else return e;
    }
  }

  private primary(): Expr {
    const token = this.tokens[this.at];
    if (token === undefined) throw new TemplateError('the expression ends too soon');
    this.at++;
    if (token.kind === 'num') return { t: 'lit', v: Number(token.v) };
    if (token.kind === 'str') return { t: 'lit', v: token.v };
    if (token.kind === 'name') {
      if (token.v === 'true' || token.v === 'True') return { t: 'lit', v: true };
      if (token.v === 'false' || token.v === 'False') return { t: 'lit', v: false };
      if (token.v === 'none' || token.v === 'None') return { t: 'lit', v: null };
      return { t: 'var', name: token.v };
    }
    if (token.v === '(') {
      const e = this.expression();
      this.expect(')');
      return e;
    }
    if (token.v === '[') {
      const items: Expr[] = [];
      while (!this.eat(']')) {
        if (items.length > 0) this.expect(',');
        items.push(this.expression());
      }
      return { t: 'list', items };
    }
    throw new TemplateError(`“${token.v}” is not understood`);
  }
}

function parseExpression(source: string): Expr {
  const parser = new Parser(tokenize(source));
  const e = parser.expression();
  if (!parser.done()) throw new TemplateError(`“${source.trim()}” is not understood`);
  return e;
}

/** Splits a template into text, `{{ }}` and `{% %}` parts, and nests the ifs. */
function parseTemplate(source: string): Node[] {
  const root: Node[] = [];
  const stack: { node: Extract<Node, { t: 'if' }>; body: Node[] }[] = [];
  let body = root;
  const re = /\{\{-?([\s\S]*?)-?\}\}|\{%-?([\s\S]*?)-?%\}|\{#[\s\S]*?#\}/g;
  let last = 0;
  for (let m = re.exec(source); m !== null; m = re.exec(source)) {
    let text = source.slice(last, m.index);
    if (m[0].startsWith('{{-') || m[0].startsWith('{%-')) text = text.trimEnd();
    if (text !== '') body.push({ t: 'text', v: text });
    last = m.index + m[0].length;
    if (m[0].endsWith('-}}') || m[0].endsWith('-%}')) {
      const rest = source.slice(last);
      last += rest.length - rest.trimStart().length;
    }
    if (m[1] !== undefined) {
      body.push({ t: 'out', e: parseExpression(m[1]) });
      continue;
    }
    if (m[2] === undefined) continue;
    const tag = m[2].trim();
    const word = /^[a-z]+/.exec(tag)?.[0] ?? '';
    const rest = tag.slice(word.length);
    if (word === 'if') {
      const node: Extract<Node, { t: 'if' }> = { t: 'if', branches: [{ test: parseExpression(rest), body: [] }] };
      body.push(node);
      stack.push({ node, body });
      body = node.branches[0]!.body;
    } else if (word === 'elif' || word === 'else') {
      const top = stack[stack.length - 1];
      if (top === undefined) throw new TemplateError(`{% ${word} %} without {% if %}`);
      const branch = { test: word === 'elif' ? parseExpression(rest) : null, body: [] as Node[] };
      top.node.branches.push(branch);
      body = branch.body;
    } else if (word === 'endif') {
      const top = stack.pop();
      if (top === undefined) throw new TemplateError('{% endif %} without {% if %}');
      body = top.body;
    } else {
      throw new TemplateError(`{% ${word || tag} %} is not supported`);
    }
  }
  if (stack.length > 0) throw new TemplateError('an {% if %} is not closed');
  const tail = source.slice(last);
  if (tail !== '') body.push({ t: 'text', v: tail });
  return root;
}

/** Jinja's truth: empty strings, lists and objects, 0, none and undefined are false. */
function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return Number.NaN;
}

/** As Jinja prints it: none as "None", booleans as "True"/"False", objects as JSON. */
export function printed(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) && !Object.is(v, -0) ? String(v) : String(v);
  return JSON.stringify(v);
}

/** float/int with Home Assistant's rule: a value that is not a number needs a default. */
function numeric(name: string, v: unknown, fallback: Expr | undefined, scope: Scope, integer: boolean): number {
  const n = typeof v === 'string' && integer ? Number.parseFloat(v) : toNumber(v);
  if (Number.isFinite(n)) return integer ? Math.trunc(n) : n;
  if (fallback !== undefined) return evaluate(fallback, scope) as number;
  throw new TemplateError(`${name} got “${printed(v)}”, which is not a number, and no default`);
}

function roundTo(v: unknown, args: unknown[]): number {
  const n = toNumber(v);
  if (!Number.isFinite(n)) throw new TemplateError(`round got “${printed(v)}”, which is not a number`);
  const digits = args[0] === undefined ? 0 : toNumber(args[0]);
  const method = typeof args[1] === 'string' ? args[1] : 'common';
  const scale = 10 ** digits;
  const scaled = n * scale;
  const rounded = method === 'floor' ? Math.floor(scaled) : method === 'ceil' ? Math.ceil(scaled) : Math.round(scaled);
  return rounded / scale;
}

function applyFilter(name: string, v: unknown, argExprs: Expr[], scope: Scope): unknown {
  const args = () => argExprs.map((a) => evaluate(a, scope));
  switch (name) {
    case 'float':
      return numeric('float', v, argExprs[0], scope, false);
    case 'int':
      return numeric('int', v, argExprs[0], scope, true);
    case 'round':
      return roundTo(v, args());
    case 'default':
    case 'd': {
      const [fallback, boolean] = args();
      return v === undefined || (boolean === true && !truthy(v)) ? fallback : v;
    }
    case 'bool':
      return typeof v === 'string' ? ['true', 'yes', 'on', 'enable', '1'].includes(v.trim().toLowerCase()) : truthy(v);
    case 'string':
      return printed(v);
    case 'lower':
      return printed(v).toLowerCase();
    case 'upper':
      return printed(v).toUpperCase();
    case 'trim':
      return printed(v).trim();
    case 'abs':
      return Math.abs(toNumber(v));
    case 'length':
    case 'count':
      return typeof v === 'string' || Array.isArray(v) ? v.length : v !== null && typeof v === 'object' ? Object.keys(v).length : 0;
    case 'tojson':
    case 'to_json':
      return JSON.stringify(v ?? null);
    case 'is_number':
      return Number.isFinite(toNumber(v));
    case 'multiply':
      return toNumber(v) * toNumber(args()[0]);
    default:
      throw new TemplateError(`the filter ${name} is not supported`);
  }
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (op === '==') return a === b;
  if (op === '!=') return !compare('==', a, b);
  const x = typeof a === 'string' && typeof b === 'string' ? a : toNumber(a);
  const y = typeof a === 'string' && typeof b === 'string' ? b : toNumber(b);
  if (op === '<') return x < y;
  if (op === '>') return x > y;
  if (op === '<=') return x <= y;
  return x >= y;
}

function arithmetic(op: string, a: unknown, b: unknown): unknown {
  if (op === '~') return printed(a) + printed(b);
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  const x = toNumber(a);
  const y = toNumber(b);
  if (Number.isNaN(x) || Number.isNaN(y)) throw new TemplateError(`“${printed(a)}” ${op} “${printed(b)}” needs numbers`);
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '//':
      return Math.floor(x / y);
    case '%':
      return x % y;
    default:
      return x ** y;
  }
}

function evaluate(e: Expr, scope: Scope): unknown {
  switch (e.t) {
    case 'lit':
      return e.v;
    case 'var':
      return Object.hasOwn(scope, e.name) ? scope[e.name] : undefined;
    case 'list':
      return e.items.map((item) => evaluate(item, scope));
    case 'get': {
      const of = evaluate(e.of, scope);
      const key = evaluate(e.key, scope);
      if (of === null || of === undefined || typeof of !== 'object') return undefined;
      const index = Array.isArray(of) && typeof key === 'number' && key < 0 ? of.length + key : key;
      const name = String(index);
      return Object.hasOwn(of, name) ? (of as Record<string, unknown>)[name] : undefined;
    }
    case 'call':
      if (e.name === 'float' || e.name === 'int' || e.name === 'round' || e.name === 'bool' || e.name === 'is_number' || e.name === 'string') {
        const [first, ...rest] = e.args;
        return applyFilter(e.name, first === undefined ? undefined : evaluate(first, scope), rest, scope);
      }
      throw new TemplateError(`the function ${e.name} is not supported`);
    case 'filter':
      return applyFilter(e.name, evaluate(e.of, scope), e.args, scope);
    case 'not':
      return !truthy(evaluate(e.of, scope));
    case 'neg':
      return -toNumber(evaluate(e.of, scope));
    case 'test': {
      const v = evaluate(e.of, scope);
      const result =
        e.name === 'defined' ? v !== undefined
        : e.name === 'undefined' ? v === undefined
        : e.name === 'none' ? v === null
        : e.name === 'number' ? typeof v === 'number'
        : e.name === 'string' ? typeof v === 'string'
        : e.name === 'boolean' ? typeof v === 'boolean'
        : e.name === 'mapping' ? v !== null && typeof v === 'object' && !Array.isArray(v)
        : undefined;
      if (result === undefined) throw new TemplateError(`the test “is ${e.name}” is not supported`);
      return e.negated ? !result : result;
    }
    case 'cond':
      return truthy(evaluate(e.test, scope)) ? evaluate(e.then, scope) : evaluate(e.else, scope);
    case 'bin': {
      if (e.op === 'and') {
        const a = evaluate(e.a, scope);
        return truthy(a) ? evaluate(e.b, scope) : a;
      }
      if (e.op === 'or') {
        const a = evaluate(e.a, scope);
        return truthy(a) ? a : evaluate(e.b, scope);
      }
      const a = evaluate(e.a, scope);
      const b = evaluate(e.b, scope);
      if (e.op === 'in') {
        if (typeof b === 'string') return b.includes(printed(a));
        if (Array.isArray(b)) return b.some((item) => compare('==', item, a));
        return b !== null && typeof b === 'object' && Object.hasOwn(b, printed(a));
      }
      if (['==', '!=', '<', '>', '<=', '>='].includes(e.op)) return compare(e.op, a, b);
      return arithmetic(e.op, a, b);
    }
  }
}

function run(nodes: Node[], scope: Scope, out: unknown[]): void {
  for (const node of nodes) {
    if (node.t === 'text') out.push(node.v);
    else if (node.t === 'out') out.push(evaluate(node.e, scope));
    else {
      const branch = node.branches.find((b) => b.test === null || truthy(evaluate(b.test, scope)));
      if (branch !== undefined) run(branch.body, scope, out);
    }
  }
}

/** A compiled template: evaluate it as often as messages come. */
export interface Template {
  readonly source: string;
  /**
   * The result: for a template that is one `{{ … }}`, its value as it is (a number stays a
   * number, a boolean a boolean); otherwise the text it renders. Throws TemplateError when a
   * value does not suit it (a float of "abc" with no default).
   */
  render(scope: Scope): unknown;
}

const compiled = new Map<string, Template | TemplateError>();

/** Compiles a template, or returns why it cannot be: outside the subset, or not well formed. */
export function compileTemplate(source: string): Template | TemplateError {
  const known = compiled.get(source);
  if (known !== undefined) return known;
  let result: Template | TemplateError;
  try {
    const nodes = parseTemplate(source);
    const single = nodes.length === 1 && nodes[0]!.t === 'out' ? nodes[0].e : null;
    result = {
      source,
      render(scope) {
        if (single !== null) return evaluate(single, scope);
        const out: unknown[] = [];
        run(nodes, scope, out);
        return out.map(printed).join('');
      },
    };
  } catch (error) {
    result = error instanceof TemplateError ? error : new TemplateError(String(error));
  }
  if (compiled.size > 2000) compiled.clear();
  compiled.set(source, result);
  return result;
}

/** What a template makes of a payload: `value` its text, `value_json` its JSON when it has some. */
export function payloadScope(text: string, json: unknown): Scope {
  return { value: text, value_json: json };
}

/**
 * The dot path of a template that only reads one value (`{{ value_json.a.b }}`,
 * `{{value_json['DS18B20-2']['Temperature']}}`): '' for `{{ value }}`, null for anything
 * more. Such templates become a plain path that the entity form can show and edit.
 */
export function templatePath(source: string): string | null {
  const m = /^\s*\{\{-?\s*([^{}]*?)\s*-?\}\}\s*$/.exec(source);
  if (m === null) return null;
  const body = m[1]!;
  if (body === 'value') return '';
  const rest = /^value_json((?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*|\s*\[\s*(?:'[^'\]]*'|"[^"\]]*"|[0-9]+)\s*\])+)$/.exec(body);
  if (rest === null) return null;
  const keys: string[] = [];
  for (const part of rest[1]!.matchAll(/\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*(?:'([^']*)'|"([^"]*)"|([0-9]+))\s*\]/g)) {
    keys.push(part[1] ?? part[2] ?? part[3] ?? `[${part[4]}]`);
  }
  // dot-prop reads `a.b`, `a\.b` for a dot inside a key, and `list[0]` for an index.
  return keys.map((k, i) => (k.startsWith('[') ? k : (i > 0 ? '.' : '') + k.replace(/[.\\[\]]/g, (c) => `\\${c}`))).join('');
}
