import { useSyncExternalStore } from "react";

// antd's `md` breakpoint: below it the app uses the phone layout (drawer navigation, card lists).
const QUERY = "(max-width: 767.98px)";

function subscribe(onChange: () => void) {
  const media = window.matchMedia(QUERY);
  media.addEventListener("change", onChange);
  return () => media.removeEventListener("change", onChange);
}

/** Whether the window is at phone width now (outside React: the list route's prefetch). */
export const isPhoneWidth = () => window.matchMedia(QUERY).matches;

/** True at phone widths; read synchronously, so the first paint already has the right layout. */
export function useIsPhone(): boolean {
  return useSyncExternalStore(subscribe, isPhoneWidth);
}
