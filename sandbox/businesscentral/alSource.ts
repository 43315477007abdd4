/**
 * Reads the names the stand-in serves from Microsoft's AL sources (vendored in ./al, each with its source line):
 * the columns of the Power BI Reports app's API queries and the field controls of the standard pages an admin
 * publishes as OData web services. Nothing on the analytics or ODataV4 routes is named by hand: a source that
 * changes shape changes what the stand-in serves, and a type table that no longer matches fails at start.
 */
import * as fs from 'fs';
import * as path from 'path';

const AL_DIR = path.join(__dirname, 'al');

function read(file: string): string {
  return fs.readFileSync(path.join(AL_DIR, file), 'utf8');
}

/** Column names of an API query, in declaration order (nested data items included, as the query flattens them). */
export function queryColumns(file: string): string[] {
  return [...read(file).matchAll(/^\s*column\((\w+);/gm)].map((m) => m[1]);
}

/** `ApiVersion = 'v0.5', 'v1.0'` of an API query. */
export function queryVersions(file: string): string[] {
  const m = /ApiVersion\s*=\s*([^;]+);/.exec(read(file));
  return m ? [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]) : [];
}

/** Field control names of a page's layout (before its actions), in declaration order. */
export function pageControls(file: string): string[] {
  const text = read(file);
  const layout = text.slice(text.indexOf('layout'), text.search(/^\s{4}actions\s*$/m) > 0 ? text.search(/^\s{4}actions\s*$/m) : undefined);
  // Part links such as SubPageLink = "No." = field("No.") have no ';' after the name: they are not controls.
  return [...layout.matchAll(/\bfield\(("[^"]+"|\w+);/g)].map((m) => m[1].replace(/^"|"$/g, ''));
}

/**
 * The OData (EDMX) property name of a page control: spaces, slashes and hyphens become '_', dots and parentheses
 * are removed, '%' becomes 'Percent', an apostrophe '_x0027_'. Sources: Microsoft Learn, "Work with web services"
 * training module ("field names are mapped to EDMX property names by replacing spaces with underscores"; primary key
 * fields are always properties) and the OData name transformation table of the AL analyzer rule PC0033
 * (alcops.dev/docs/analyzers/platformcop/pc0033): "No." → No, "Balance (LCY)" → Balance_LCY,
 * "Country/Region" → Country_Region, "Tax%" → TaxPercent.
 */
export function odataName(control: string): string {
  return control
    .replace(/%/g, 'Percent')
    .replace(/'/g, '_x0027_')
    .replace(/[.()]/g, '')
    .trim()
    .replace(/[ /-]+/g, '_');
}
