/**
 * Go's convention (https://go.dev/s/generatedcode): a line `// Code generated ... DO NOT EDIT.`
 * before the package clause marks a file as generated.
 */
const GENERATED = /^\/\/ Code generated .* DO NOT EDIT\.\r?$/;

export function isGeneratedGo(text: string): boolean {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    if (GENERATED.test(line)) return true;
    if (/^\s*package\s/.test(line)) return false;
    start = end + 1;
  }
  return false;
}
