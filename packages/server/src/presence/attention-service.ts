import type { PresenceRegistry } from './presence-registry.js';

/**
 * Which users have a device showing the chat right now: a connected socket whose page is visible.
 * Those get no pushes (notifications/push-dispatcher.ts). It is kept in a presence registry of its
 * own, where "online" means "watching": a socket counts in while its page is visible and out when
 * hidden or gone. In memory for one node; with Redis the cluster-wide registry under its own keys
 * (presence-registry-factory.ts), so a visible tab on any node holds back every node's pushes.
 */
export class AttentionService {
  constructor(private readonly registry: PresenceRegistry) {}

  /** A socket's page is shown or hidden (handshake `auth.visible`, then `visibility:set`). */
  async socketVisible(userId: string, socketId: string, visible: boolean): Promise<void> {
    if (visible) await this.registry.connect(userId, socketId);
    else await this.registry.disconnect(userId, socketId);
  }

  /** A socket left: it shows nothing any more. */
  async socketGone(userId: string, socketId: string): Promise<void> {
    await this.registry.disconnect(userId, socketId);
  }

  /** The subset of `userIds` with at least one device showing the chat. */
  watching(userIds: readonly string[]): Promise<Set<string>> {
    return this.registry.online(userIds);
  }

  close(): Promise<void> {
    return this.registry.close();
  }
}
