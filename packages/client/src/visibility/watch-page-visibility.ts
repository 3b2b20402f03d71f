/** The part of a DOM `Document` that says whether the page is shown. */
export interface VisibilitySource {
  readonly visibilityState: DocumentVisibilityState;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

/**
 * Keeps `client` told whether the page is shown (`document.visibilityState`): a tab in the
 * background or a minimized window does not show the chat, so its user may get pushes. For apps
 * whose whole page is the chat (the web app, the widget's conversation page); an app that shows
 * the chat only in part of its page calls `client.setVisible` itself. Answers the unsubscribe.
 */
export function watchPageVisibility(
  client: { setVisible(visible: boolean): void },
  document: VisibilitySource,
): () => void {
  const update = () => client.setVisible(document.visibilityState === 'visible');
  update();
  document.addEventListener('visibilitychange', update);
  return () => document.removeEventListener('visibilitychange', update);
}
