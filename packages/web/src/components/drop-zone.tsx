import { useRef, useState } from 'react';
import type { DragEvent, ReactNode } from 'react';
import { Icon } from './icon.js';

interface DropZoneProps {
  onFiles: (files: File[]) => void;
  children: ReactNode;
}

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/**
 * Accepts files dragged onto the conversation, with a visible target while they hover. Counts
 * enter/leave pairs, since each child the pointer crosses fires its own.
 */
export function DropZone({ onFiles, children }: DropZoneProps) {
  const [active, setActive] = useState(false);
  const depth = useRef(0);
  return (
    <div
      className="drop-zone-host"
      onDragEnter={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current++;
        setActive(true);
      }}
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!carriesFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setActive(false);
      }}
      onDrop={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setActive(false);
        const files = [...e.dataTransfer.files];
        if (files.length > 0) onFiles(files);
      }}
    >
      {children}
      {active && (
        <div className="drop-zone" aria-hidden="true">
          <Icon name="upload" size={32} />
          <span>Drop files to send</span>
        </div>
      )}
    </div>
  );
}
