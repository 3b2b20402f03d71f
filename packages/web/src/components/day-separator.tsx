/** "Today", "Yesterday", … between messages of different days. */
export function DaySeparator({ label }: { label: string }) {
  return (
    <div className="day-separator" role="separator" aria-label={label}>
      <span>{label}</span>
    </div>
  );
}
