/** One row of a Markdown table, with the `## ` section it sits in and its line (1-based). */
export interface TableRow {
  readonly section: string;
  readonly line: number;
  /** The cells, trimmed, without the outer pipes; `\|` inside a cell stays a `|`. */
  readonly cells: readonly string[];
}

/** One table: its header cells and body rows. */
export interface Table {
  readonly section: string;
  readonly header: readonly string[];
  readonly rows: readonly TableRow[];
}

function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|"));
}

/** Every table of a page, outside code fences, with the `## ` heading above it. */
export function tablesOf(markdown: string): Table[] {
  const tables: Table[] = [];
  const lines = markdown.split("\n");
  let section = "";
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fenceMark = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fenceMark) {
      if (fence === null) fence = fenceMark;
      else if (fenceMark.startsWith(fence)) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const heading = /^## (.*)$/.exec(line);
    if (heading) section = (heading[1] as string).trim();
    const next = lines[i + 1] ?? "";
    if (!line.trim().startsWith("|") || !/^\s*\|[\s:|-]+\|\s*$/.test(next)) continue;
    const header = splitRow(line);
    const rows: TableRow[] = [];
    let j = i + 2;
    while (j < lines.length && (lines[j] as string).trim().startsWith("|")) {
      rows.push({ section, line: j + 1, cells: splitRow(lines[j] as string) });
      j++;
    }
    tables.push({ section, header, rows });
    i = j - 1;
  }
  return tables;
}

/** The text inside the first pair of backticks of a cell (`` `retry.maxAttempts` `` → `retry.maxAttempts`). */
export function codeIn(cell: string): string | undefined {
  return /`([^`]+)`/.exec(cell)?.[1];
}
