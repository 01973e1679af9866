// Prints one version's section of CHANGELOG.md: the lines under its "## [X.Y.Z] - date" heading,
// up to the next "## " heading or the link definitions at the end. The release workflow uses it
// as the GitHub release's notes.
//   node scripts/changelog-section.mjs 1.2.3            the section of 1.2.3 ("v1.2.3" works too)
//   node scripts/changelog-section.mjs 1.2.3 --draft    also accept a heading dated "Unreleased"
// Exits 1, saying why, when the section is missing or empty, or (without --draft) still
// "Unreleased": a release must not go out with notes that were never finished.
import { readFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

const changelogPath = fileURLToPath(new URL('../CHANGELOG.md', import.meta.url));

/** The section's body, or an error text. */
function changelogSection(text, version, { draft = false } = {}) {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => line.startsWith(`## [${version}]`));
  if (start < 0) return { error: `CHANGELOG.md has no "## [${version}]" heading` };
  if (!draft && /unreleased/i.test(lines[start])) {
    return {
      error: `CHANGELOG.md still calls ${version} unreleased ("${lines[start]}"): give it its date`,
    };
  }
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i].startsWith('## ') || /^\[[^\]]+\]:\s/.test(lines[i])) {
      end = i;
      break;
    }
  }
  const body = lines
    .slice(start + 1, end)
    .join('\n')
    .trim();
  if (body === '') return { error: `CHANGELOG.md's section for ${version} is empty` };
  return { body };
}

function main() {
  const args = process.argv.slice(2);
  const version = args.find((a) => !a.startsWith('--'))?.replace(/^v/, '');
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) {
    console.error('usage: node scripts/changelog-section.mjs X.Y.Z [--draft]');
    process.exit(2);
  }
  const result = changelogSection(readFileSync(changelogPath, 'utf8'), version, {
    draft: args.includes('--draft'),
  });
  if ('error' in result) {
    console.error(`changelog-section: ${result.error}`);
    process.exit(1);
  }
  process.stdout.write(`${result.body}\n`);
}

main();
