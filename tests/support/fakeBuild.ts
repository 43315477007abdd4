/**
 * Writes minimal production-shaped build outputs (two PCF controls, the web-resource bundles) into a temp folder,
 * so the packer can be tested without running pcf-scripts and esbuild. Names match the solution's root components.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export function fakeBuild(): { controlsDir: string; webResourcesDir: string; root: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'erp-fakebuild-'));
  const controlsDir = path.join(root, 'controls');
  for (const ctor of ['ItemAvailability', 'AccountStatistics']) {
    const dir = path.join(controlsDir, ctor);
    fs.mkdirSync(path.join(dir, 'strings'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'ControlManifest.xml'),
      `<?xml version="1.0" encoding="utf-8"?><manifest><control namespace="ErpLink" constructor="${ctor}" version="0.0.1" display-name-key="${ctor}" control-type="virtual" api-version="1.3.18"><property name="value" display-name-key="value" of-type="SingleLine.Text" usage="bound" required="false"/><resources><code path="bundle.js" order="1"/><platform-library name="React" version="16.14.0"/><platform-library name="Fluent" version="9.46.2"/><resx path="strings/${ctor}.1033.resx" version="1.0.0"/><resx path="strings/${ctor}.1036.resx" version="1.0.0"/></resources></control></manifest>`,
    );
    fs.writeFileSync(path.join(dir, 'bundle.js'), `var pcf_tools_652ac3f36e1e4bca82eb3c1dc44e6fad;(()=>{"use strict";var e={};window.ErpLink=e})();`);
    for (const l of ['1033', '1036']) fs.writeFileSync(path.join(dir, 'strings', `${ctor}.${l}.resx`), '<?xml version="1.0" encoding="utf-8"?><root/>');
  }
  const webResourcesDir = path.join(root, 'webresources');
  for (const name of ['erp_/js/account.js', 'erp_/js/contact.js', 'erp_/js/product.js', 'erp_/js/quote.js', 'erp_/js/salesorder.js', 'erp_/js/setup.js', 'erp_/js/setup.texts.js', 'erp_/js/setup.data.js', 'erp_/html/setup.html', 'erp_/js/coupling.js', 'erp_/js/coupling.texts.js', 'erp_/html/coupling.html']) {
    fs.mkdirSync(path.dirname(path.join(webResourcesDir, name)), { recursive: true });
    fs.writeFileSync(path.join(webResourcesDir, name), '"use strict";var ErpLink=ErpLink||{};');
  }
  for (const l of ['1033', '1036']) {
    const p = path.join(webResourcesDir, `erp_/strings/ErpLink.${l}.resx`);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, '<?xml version="1.0" encoding="utf-8"?><root/>');
  }
  return { controlsDir, webResourcesDir, root };
}
