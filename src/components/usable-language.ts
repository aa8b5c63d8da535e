/**
 * uPlot makes an Intl.NumberFormat of navigator.language as its module loads, and that throws
 * where the language is not a locale: WebKitGTK under a POSIX locale (LANG=C) says "c", and the
 * whole history view failed to load. There the language is taken to be the default locale, as
 * the browser's own number formatting already does. Imported before uPlot (history-chart.ts).
 */
try {
  new Intl.NumberFormat(navigator.language);
} catch {
  Object.defineProperty(navigator, 'language', { configurable: true, value: new Intl.NumberFormat().resolvedOptions().locale });
}
