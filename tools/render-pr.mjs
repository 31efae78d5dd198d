#!/usr/bin/env node
// Renders a pull-request body (pr.md, as `amts demo` or the action writes it: "# TITLE", a blank line, the body) the
// way GitHub shows it, and takes a screenshot with headless Chromium.
//
//   npm run --prefix tools render-pr -- PR.md OUT.png [--html OUT.html] [--width 1280] [--height 2400] [--caption reviewed] [--head BRANCH|none]
//
// Markdown: marked with GitHub-flavoured Markdown (tables, task lists, autolinks, strikethrough) and a newline as a
// line break, as GitHub renders pull-request bodies and comments (not files); raw HTML such as <details> passes
// through. Style: github-markdown-css (light), inlined. The page can load nothing: its Content-Security-Policy allows
// no request at all (inline styles only), and Chromium runs with background networking off. Paths are relative to
// the folder npm was started from. The Chromium binary is `chromium` unless CHROMIUM is set. The page around the
// body (title, "Open", the comment frame) imitates GitHub's; it is not a capture of github.com.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { marked } from 'marked';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  return value;
};
const base = process.env.INIT_CWD ?? process.cwd();
const htmlOut = option('--html', null);
const width = Number(option('--width', '1280'));
const height = Number(option('--height', '2400'));
const caption = option('--caption', 'commented');
// --head BRANCH: the pull request's branch (default amts/sync-LANG); --head none: an issue (no branch line).
const head = option('--head', null);
if (args.length !== 2) {
  console.error('usage: render-pr PR.md OUT.png [--html OUT.html] [--width 1280] [--height 2400] [--caption reviewed] [--head BRANCH|none]');
  process.exit(2);
}
const [input, output] = args.map((p) => resolve(base, p));

const text = readFileSync(input, 'utf8');
const titleMatch = /^# (.*)\n+/.exec(text);
const title = titleMatch ? titleMatch[1] : 'Pull request';
const language = /\[([^\]]+)\] Sync/.exec(title)?.[1] ?? 'LANG';
const body = titleMatch ? text.slice(titleMatch[0].length) : text;
const css = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8');
const escape = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escape(title)}</title>
<style>${css}
body { margin: 0; background: #fff; font-family: -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
.page { max-width: 1012px; margin: 24px auto; padding: 0 16px; }
.title { font-size: 32px; font-weight: 400; margin: 0 0 8px; color: #1f2328; }
.meta { color: #59636e; font-size: 14px; padding-bottom: 16px; border-bottom: 1px solid #d1d9e0; margin-bottom: 16px; }
.state { display: inline-block; background: #1f883d; color: #fff; border-radius: 2em; padding: 5px 12px; margin-right: 8px; font-weight: 500; }
.comment { border: 1px solid #d1d9e0; border-radius: 6px; }
.comment-header { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; font-size: 14px; color: #59636e; border-radius: 6px 6px 0 0; }
.markdown-body { padding: 16px; font-size: 14px; }
</style></head>
<body><div class="page">
<h1 class="title">${escape(title)}</h1>
<div class="meta"><span class="state">Open</span><b>amts-bot</b> ${head === 'none' ? 'opened this issue' : `wants to merge commits into <code>master</code> from <code>${escape(head ?? `amts/sync-${language}`)}</code>`}</div>
<div class="comment"><div class="comment-header"><b>amts-bot</b> ${escape(caption)}</div>
<article class="markdown-body">
${marked.parse(body, { gfm: true, breaks: true })}
</article></div></div></body></html>
`;

const dir = mkdtempSync(join(tmpdir(), 'render-pr-'));
try {
  const page = join(dir, 'pr.html');
  writeFileSync(page, html);
  if (htmlOut) writeFileSync(resolve(base, htmlOut), html);
  execFileSync(process.env.CHROMIUM ?? 'chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--hide-scrollbars',
    `--user-data-dir=${join(dir, 'profile')}`, `--screenshot=${output}`, `--window-size=${width},${height}`, `file://${page}`,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  console.log(`${output}: ${title}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
