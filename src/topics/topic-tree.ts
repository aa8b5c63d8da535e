/**
 * The topics of a filter as a tree of their levels (`home/kitchen/temp` under `home`, then
 * `kitchen`), with message and topic counts per branch, as MQTT Explorer shows a broker.
 * Updated in place with the records that changed, so a stream costs a walk up each changed
 * topic's path, not a rebuild; flattened into the rows that are visible for a list view.
 */
import type { TopicRecord } from './topic-record.js';

interface TreeNode {
  readonly name: string;
  readonly path: string;
  readonly children: Map<string, TreeNode>;
  /** Sorted child names, made when first needed after a child was added. */
  sorted: string[] | null;
  /** The node's own topic's record: a topic can also have topics below it (`a/b`, `a/b/c`). */
  record: TopicRecord | undefined;
  /** Messages on this topic and below it. */
  count: number;
  /** Topics at and below this node. */
  topics: number;
}

export interface TreeRow {
  /** The topic path of the node: a topic, or the start of the topics below it. */
  readonly path: string;
  /** The node's own level. */
  readonly name: string;
  readonly depth: number;
  readonly branch: boolean;
  readonly expanded: boolean;
  readonly count: number;
  readonly topics: number;
  readonly record: TopicRecord | undefined;
}

const node = (name: string, path: string): TreeNode => ({
  name,
  path,
  children: new Map(),
  sorted: null,
  record: undefined,
  count: 0,
  topics: 0,
});

export class TopicTree {
  private root = node('', '');

  /** Topics in the tree. */
  get size(): number {
    return this.root.topics;
  }

  /** Adds or updates topics. */
  update(records: Iterable<TopicRecord>): void {
    for (const record of records) {
      const levels = record.topic.split('/');
      const path: TreeNode[] = [this.root];
      let current = this.root;
      levels.forEach((level, index) => {
        let child = current.children.get(level);
        if (child === undefined) {
          child = node(level, levels.slice(0, index + 1).join('/'));
          current.children.set(level, child);
          current.sorted = null;
        }
        current = child;
        path.push(child);
      });
      const countDelta = record.count - (current.record?.count ?? 0);
      const topicDelta = current.record === undefined ? 1 : 0;
      current.record = record;
      for (const step of path) {
        step.count += countDelta;
        step.topics += topicDelta;
      }
    }
  }

  /** Starts again from these records (after topics went away). */
  reset(records: Iterable<TopicRecord>): void {
    this.root = node('', '');
    this.update(records);
  }

  /**
   * The rows to show: the children of expanded nodes, in name order. With a search, only
   * topics whose path contains it (case-insensitively), with every branch on their way open.
   */
  rows(expanded: ReadonlySet<string>, search = ''): TreeRow[] {
    const rows: TreeRow[] = [];
    const query = search.trim().toLowerCase();
    const visit = (parent: TreeNode, depth: number) => {
      for (const child of this.childrenOf(parent)) {
        if (query !== '' && !this.contains(child, query)) continue;
        const branch = child.children.size > 0;
        const open = branch && (query !== '' || expanded.has(child.path));
        rows.push({
          path: child.path,
          name: child.name,
          depth,
          branch,
          expanded: open,
          count: child.count,
          topics: child.topics,
          record: child.record,
        });
        if (open) visit(child, depth + 1);
      }
    };
    visit(this.root, 0);
    return rows;
  }

  private childrenOf(parent: TreeNode): TreeNode[] {
    parent.sorted ??= [...parent.children.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    return parent.sorted.map((name) => parent.children.get(name)!);
  }

  /** Whether the node or a topic below it has the query in its path. */
  private contains(start: TreeNode, query: string): boolean {
    if (start.record !== undefined && start.path.toLowerCase().includes(query)) return true;
    for (const child of start.children.values()) if (this.contains(child, query)) return true;
    return false;
  }
}
