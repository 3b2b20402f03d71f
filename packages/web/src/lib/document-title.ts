/** The browser tab's title: unread chats first (seen in a crowded tab strip), then the open room. */
export function documentTitle(unread: number, roomName: string | undefined): string {
  const base = roomName ? `${roomName} · Natter` : 'Natter';
  return unread > 0 ? `(${unread}) ${base}` : base;
}
