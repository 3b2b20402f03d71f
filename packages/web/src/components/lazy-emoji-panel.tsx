import { lazy, Suspense } from 'react';

// The picker and its emoji data load the first time it opens: the app's own bundle stays lean.
const EmojiPanel = lazy(() =>
  import('./emoji-panel.js').then((module) => ({ default: module.EmojiPanel })),
);

interface LazyEmojiPanelProps {
  id: string;
  meId: string;
  onPick: (emoji: string) => void;
}

/** The emoji panel (emoji-panel.tsx), loaded on first use, with a line to show meanwhile. */
export function LazyEmojiPanel(props: LazyEmojiPanelProps) {
  return (
    <Suspense
      fallback={
        <div className="emoji-panel" role="status">
          Loading emoji…
        </div>
      }
    >
      <EmojiPanel {...props} />
    </Suspense>
  );
}
