/**
 * A share link's setup (setup/share-link.ts) is offered, never taken unasked: on opening the
 * app, or pasted into the address bar of a tab that has it open already. The fragment leaves
 * the address bar, so a reload does not offer it again. The prefix is SHARE_PREFIX, not
 * imported: the share link's code comes only when there is one.
 */
export function watchShareLinks(offer: (hash: string) => void): void {
  const offerShareLink = () => {
    if (!location.hash.startsWith('#setup=')) return;
    const hash = location.hash;
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    offer(hash);
  };
  offerShareLink();
  window.addEventListener('hashchange', offerShareLink);
}
