/** The Tandem logo: two linked rings, the internal team and its provider. */
export function TandemMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="var(--mantine-color-teal-7)" />
      <circle cx="12" cy="16" r="6" fill="none" stroke="#fff" strokeWidth="2.5" />
      <circle cx="20" cy="16" r="6" fill="none" stroke="#fff" strokeWidth="2.5" />
    </svg>
  );
}
