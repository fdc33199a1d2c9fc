import { ProblemError } from "../api/problem.ts";

/** The name the server gave the file: RFC 5987 `filename*` first, then the plain `filename`. */
export function downloadName(disposition: string | null, fallback: string): string {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // a malformed name: use the plain one
    }
  }
  return disposition?.match(/filename="([^"]+)"/i)?.[1] ?? fallback;
}

/** A failed download's answer as a problem: problem+json when it is one, else its text as the title. */
export async function problemOf(response: Response): Promise<ProblemError> {
  const text = await response.text();
  try {
    return new ProblemError(response.status, JSON.parse(text) as Record<string, unknown>);
  } catch {
    return new ProblemError(response.status, { title: text.slice(0, 200) });
  }
}

/** Hands a file to the browser's downloads, as a link click would. */
export function saveBlob(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; free the memory a little later.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
