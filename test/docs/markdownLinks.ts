/** A link or image target in a Markdown page, with its line (1-based). */
export interface MarkdownLink {
  readonly target: string;
  readonly line: number;
}

/** The page's text with fenced blocks and inline code blanked, so their contents are not links. */
function proseLines(markdown: string): string[] {
  let fence: string | null = null;
  return markdown.split("\n").map((line) => {
    const mark = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (mark) {
      if (fence === null) fence = mark;
      else if (mark.startsWith(fence)) fence = null;
      return "";
    }
    if (fence !== null) return "";
    return line.replace(/(`+)[\s\S]*?\1/g, "");
  });
}

/** Every `[text](target)` and `![alt](target)` outside code. */
export function linksOf(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  proseLines(markdown).forEach((line, index) => {
    for (const match of line.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      links.push({ target: match[1] as string, line: index + 1 });
    }
  });
  return links;
}

/**
 * The anchors GitHub gives a page's headings: lower case, punctuation dropped (letters, digits,
 * `_` and `-` kept), spaces as `-`, and `-1`, `-2`… for repeats (github-slugger's rules).
 */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | null = null;
  for (const line of markdown.split("\n")) {
    const mark = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (mark) {
      if (fence === null) fence = mark;
      else if (mark.startsWith(fence)) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = (heading[1] as string)
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{Nd}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(text) ?? 0;
    seen.set(text, count + 1);
    anchors.add(count === 0 ? text : `${text}-${count}`);
  }
  return anchors;
}

/** Inline code spans of the prose, e.g. to find the telemetry names a page mentions. */
export function inlineCode(markdown: string): string[] {
  const spans: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split("\n")) {
    const mark = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (mark) {
      if (fence === null) fence = mark;
      else if (mark.startsWith(fence)) fence = null;
      continue;
    }
    if (fence !== null) continue;
    for (const match of line.matchAll(/(`+)([\s\S]*?)\1/g)) spans.push((match[2] as string).trim());
  }
  return spans;
}
