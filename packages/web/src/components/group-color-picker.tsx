import { useState } from 'react';
import type { CSSProperties } from 'react';
import type { RoomState } from '@natter/client';
import type { GroupColor } from '@natter/protocol';
import { GROUP_COLOR_HUES } from '../lib/group-colors.js';
import { useClient } from '../state/client-context.js';
import { ActionOutcome } from './action-outcome.js';
import type { Outcome } from './action-outcome.js';

const COLORS = Object.keys(GROUP_COLOR_HUES) as GroupColor[];
const label = (color: GroupColor) => color.charAt(0).toUpperCase() + color.slice(1);

/** The group's colour, picked from the palette (radio buttons named by colour); saved at once. */
export function GroupColorPicker({ room }: { room: RoomState }) {
  const client = useClient();
  const [outcome, setOutcome] = useState<Outcome>();
  // Shown chosen at once; the room's own colour takes over if the change is refused.
  const [picked, setPicked] = useState<GroupColor>();
  const shown = picked ?? room.color;

  const pick = (color: GroupColor) => {
    setPicked(color);
    setOutcome(undefined);
    client.rooms.update(room.id, { color }).then(
      () => setOutcome({ ok: true, text: `Colour set to ${color}.` }),
      () => {
        setPicked(undefined);
        setOutcome({ ok: false, text: 'Could not change the colour. Try again.' });
      },
    );
  };

  return (
    <fieldset className="color-picker">
      <legend className="field-label">Group colour</legend>
      <div className="swatches">
        {COLORS.map((color) => (
          <label
            key={color}
            className="swatch"
            style={{ '--avatar-hue': GROUP_COLOR_HUES[color] } as CSSProperties}
          >
            <input
              type="radio"
              name={`group-color-${room.id}`}
              value={color}
              checked={shown === color}
              onChange={() => pick(color)}
              aria-label={label(color)}
            />
          </label>
        ))}
      </div>
      <ActionOutcome outcome={outcome} />
    </fieldset>
  );
}
