import type { PrivacySettings } from '@natter/protocol';
import { channels } from './channels.js';
import type { NatterSocket } from './socket-types.js';

/**
 * Receipt and typing privacy on the sockets (docs/protocol.md, Privacy): a user who turns a
 * setting off has every socket in that setting's channel, on whichever node it is. Events about
 * others' reads and typing are published *except* to those channels, and a socket's own channels
 * say whether its user shares their reads and typing: neither needs a look-up per event. The
 * channels are joined at connect (from the settings read in the handshake, read again once the
 * socket is in its user channel) and moved through the user channel when the setting changes.
 */
const PRIVACY_CHANNELS = [
  { setting: 'readReceipts', channel: channels.readReceiptsOff },
  { setting: 'typingIndicators', channel: channels.typingIndicatorsOff },
] as const satisfies readonly { setting: keyof PrivacySettings; channel: string }[];

/** Each privacy channel and whether a user with these settings belongs in it. */
export function privacyChannels(settings: PrivacySettings): { channel: string; joined: boolean }[] {
  return PRIVACY_CHANNELS.map(({ setting, channel }) => ({ channel, joined: !settings[setting] }));
}

/** The privacy channels a user with these settings is in (what a new socket joins). */
export const privacyChannelsToJoin = (settings: PrivacySettings): string[] =>
  privacyChannels(settings).flatMap(({ channel, joined }) => (joined ? [channel] : []));

/** Whether the socket's user lets others see their reads. */
export const sharesReadReceipts = (socket: NatterSocket): boolean =>
  !socket.rooms.has(channels.readReceiptsOff);

/** Whether the socket's user lets others see them typing. */
export const sharesTyping = (socket: NatterSocket): boolean =>
  !socket.rooms.has(channels.typingIndicatorsOff);
