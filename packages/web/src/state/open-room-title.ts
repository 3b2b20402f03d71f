import { createContext, use, useEffect } from 'react';

/**
 * Lets the open conversation's header tell the layout its name, so the layout — which owns the
 * unread count — can put both in the tab title. Outside a layout (component tests) it does nothing.
 */
export const OpenRoomTitleContext = createContext<(title: string | undefined) => void>(() => {});

/** Reports `title` as the open room's name while the calling component is mounted. */
export function useReportOpenRoomTitle(title: string): void {
  const report = use(OpenRoomTitleContext);
  useEffect(() => {
    report(title);
    return () => report(undefined);
  }, [report, title]);
}
