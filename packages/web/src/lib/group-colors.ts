import type { GroupColor, Room } from '@natter/protocol';

/**
 * The palette's colours as avatar hues: the avatar's CSS sets saturation and lightness per
 * colour scheme, so each keeps its contrast in light and dark like the derived ones do.
 */
export const GROUP_COLOR_HUES: Readonly<Record<GroupColor, number>> = {
  red: 0,
  orange: 25,
  amber: 42,
  green: 135,
  teal: 175,
  blue: 210,
  indigo: 235,
  violet: 270,
  pink: 325,
};

/** A room's avatar hue when its group has a chosen colour; undefined: derive from the id. */
export const roomHue = (room: Pick<Room, 'color'>): number | undefined =>
  room.color === undefined ? undefined : GROUP_COLOR_HUES[room.color];
