/**
 * Media types a browser shows inline without running anything: raster images, audio, video and
 * plain text. SVG, HTML, XML, PDF and everything unknown can carry script or plugins.
 */
const PASSIVE_TYPES = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
  "image/bmp",
  "image/x-icon",
  "image/vnd.microsoft.icon",
  "text/plain",
]);

function isPassive(mediaType: string): boolean {
  return (
    PASSIVE_TYPES.has(mediaType) || mediaType.startsWith("audio/") || mediaType.startsWith("video/")
  );
}

/**
 * The headers a stored file is served with. The uploader picks the Content-Type, and files are
 * served from the backend's own origin, next to the admin API: an uploaded `text/html` must never
 * run as a page there. So the browser may not sniff another type (`nosniff`), any document is
 * sandboxed into an opaque origin with nothing allowed (`sandbox`, `default-src 'none'`), and
 * every type that could be active is a download (`attachment`). `<img>`, `<audio>` and `<video>`
 * tags still load files, since none of these headers applies to them.
 */
export function storedFileHeaders(
  contentType: string | null,
  length: number,
): Record<string, string | number> {
  const type = contentType ?? "application/octet-stream";
  const mediaType = type.split(";")[0]?.trim().toLowerCase() ?? "";
  return {
    "Content-Type": type,
    "Content-Length": length,
    "Cache-Control": "private, max-age=2592000, immutable",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Content-Disposition": isPassive(mediaType) ? "inline" : "attachment",
  };
}
