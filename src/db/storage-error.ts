/** Words for a failed save, naming a full disk where that is the cause. */
export function describeStorageError(error: unknown): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError') {
    return 'Cannot save: this browser’s storage for the app is full. Changes are kept until the tab closes.';
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Cannot save in this browser (${message}). Changes are kept until the tab closes.`;
}
