/** The polite live region in the layout: says what happened when the thing that did it is gone. */
export const ANNOUNCER_ID = "announcer";

export function announce(message: string): void {
  const region = document.getElementById(ANNOUNCER_ID);
  if (!region) return;
  // Clearing first makes a repeated message be read again.
  region.textContent = "";
  setTimeout(() => {
    region.textContent = message;
  }, 50);
}
