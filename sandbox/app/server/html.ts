/** The page's HTML shell: one root element and the bundle. Everything visible is rendered by the bundle. */
export function pageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ERP Link Sales Hub</title>
<style>
  html, body { margin: 0; padding: 0; height: 100%; font-family: "Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", sans-serif; background: #f5f5f5; }
  #root { height: 100%; }
  *, *::before, *::after { box-sizing: border-box; }
  @media (forced-colors: active) { a { forced-color-adjust: auto; } }
</style>
</head>
<body>
<div id="root" aria-busy="true">Loading… · Chargement…</div>
<script src="/app.js"></script>
</body>
</html>
`;
}
