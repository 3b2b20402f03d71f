/**
 * The messages the loader (on the host page) and the frame (on the Natter origin) exchange with
 * `postMessage`. Each side checks the other's exact origin and window before reading one, and
 * names the other's origin as the target when sending, so no third window hears or speaks.
 */

/** Where the visitor is: sent by the loader, which alone can read the host page. */
export interface PageContext {
  pageUrl?: string;
  pageTitle?: string;
  referrer?: string;
  language?: string;
}

/** A host's proof of who its logged-in customer is (docs/widget.md, "Identity verification"). */
export interface Identity {
  userId: string;
  userHash: string;
  name?: string;
  email?: string;
}

/** What the host page's loader tells the frame. */
export type HostToFrame =
  | { natter: 'init'; context: PageContext; identity?: Identity }
  | { natter: 'open' }
  | { natter: 'close' }
  | { natter: 'identify'; identity: Identity }
  /** The host's screen is narrow: the open panel fills it (the frame cannot see the host's width). */
  | { natter: 'screen'; narrow: boolean };

/** The size the frame asks for: the launcher alone, or the open panel. */
export type FrameLayout = 'closed' | 'open';

/** A new message from the site's agents, as the host's `Natter.on('message')` gets it. */
export interface AgentMessage {
  id: string;
  content: string;
  senderName: string;
  createdAt: string;
}

/** What the frame tells the loader. */
export type FrameToHost =
  | { natter: 'ready' }
  | { natter: 'layout'; layout: FrameLayout }
  | { natter: 'message'; message: AgentMessage }
  | { natter: 'unread'; count: number };

/** Whether a `MessageEvent`'s data is one of ours (the `natter` tag), not another script's. */
export function isTagged(data: unknown): data is { natter: string } {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { natter?: unknown }).natter === 'string'
  );
}
