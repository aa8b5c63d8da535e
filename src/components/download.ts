/** Hands a file to the browser as a download (the setup file, a history export). */
export function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  // The download has started by then; the object URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
