/** A clock that stands still until a test moves it. */
export const fixedClock = (iso = "2026-11-23T09:30:00.000Z") => {
  let now = new Date(iso);
  return {
    now: () => now,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    set(iso: string) {
      now = new Date(iso);
    },
  };
};
