/** Text tables for stdout. */
export function table(
  title: string,
  header: string[],
  rows: Array<Array<string | number>>,
): string {
  const cells = [
    header,
    ...rows.map(row => row.map(cell => (typeof cell === "number" ? format(cell) : cell))),
  ];
  const widths = header.map((_, column) =>
    Math.max(...cells.map(row => String(row[column] ?? "").length)),
  );
  const line = (row: Array<string | number>) =>
    row.map((cell, column) => String(cell).padEnd(widths[column]!)).join("  ");
  return [
    ``,
    title,
    line(header),
    widths.map(width => "-".repeat(width)).join("  "),
    ...cells.slice(1).map(line),
  ].join("\n");
}

export function format(value: number): string {
  if (!Number.isFinite(value)) {
    return "-";
  }
  if (Number.isInteger(value) || Math.abs(value) >= 100) {
    return Math.round(value).toLocaleString("en-US");
  }
  return value.toFixed(2);
}

export function ratio(a: number, b: number): string {
  return b > 0 ? `${(a / b).toFixed(2)}×` : "-";
}
