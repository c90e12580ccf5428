/**
 * What of the desktop shell a browser can prove: the workbench page's Content-Security-Policy
 * holds both when served and when the built index.html is loaded from file:// (as Electron
 * loads it), and the start-up failure page reads right. The Electron binary itself cannot be
 * had on these machines.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStartupFailure, startupFailureUrl } from '../../main/electron/startupFailure';
import { contentSecurityPolicy, contentSecurityPolicyMeta } from '../../main/server/contentSecurityPolicy';
import { launchBrowser, screenshot } from '../helpers/browser';
import { REPO_ROOT } from '../helpers/cli';
import { startServe, type Served } from '../helpers/serve';
import { tempDir } from '../helpers/tempDir';

const BUILT_INDEX = path.join(REPO_ROOT, 'out', 'renderer', 'index.html');

/** Injects an inline script; resolves to whether it ran and the CSP violation it caused. */
async function injectInlineScript(page: Page): Promise<{ ran: boolean; violated: string | null }> {
  return page.evaluate(
    () =>
      new Promise<{ ran: boolean; violated: string | null }>((resolve) => {
        let violated: string | null = null;
        document.addEventListener('securitypolicyviolation', (e) => (violated = e.effectiveDirective), { once: true });
        const s = document.createElement('script');
        s.textContent = 'window.__engramInjected = true';
        document.head.appendChild(s);
        setTimeout(() => resolve({ ran: (window as unknown as { __engramInjected?: boolean }).__engramInjected === true, violated }), 200);
      }),
  );
}

describe('the workbench page under its Content-Security-Policy', () => {
  let browser: Browser;
  let served: Served;

  beforeAll(async () => {
    browser = await launchBrowser();
    served = await startServe(['--data-dir', tempDir()]);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('served by engram serve: the header is sent, the app runs, an injected inline script is refused', async () => {
    const page = await browser.newPage();
    const res = await page.goto(served.url);
    expect(res?.headers()['content-security-policy']).toBe(contentSecurityPolicy());
    await expect(page.getByRole('navigation', { name: 'Projects' }).waitFor()).resolves.toBeUndefined();
    expect(await injectInlineScript(page)).toEqual({ ran: false, violated: 'script-src-elem' });
    await page.close();
  });

  it('the built index.html carries the same policy as a <meta>, before any script', () => {
    const html = fs.readFileSync(BUILT_INDEX, 'utf8');
    const meta = html.indexOf('http-equiv="Content-Security-Policy"');
    expect(meta).toBeGreaterThan(0);
    expect(meta).toBeLessThan(html.indexOf('<script'));
    const content = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1].replace(/&#39;/g, "'");
    expect(content).toBe(contentSecurityPolicyMeta());
  });

  it('loaded from file:// with the file privileges Electron grants: the app runs, an injected inline script is refused', async () => {
    // Electron gives file:// pages access to other file:// URLs (the grantFileProtocolExtraPrivileges
    // fuse, left on for this reason); Chromium needs this switch for the same.
    const privileged = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
    });
    try {
      const page = await privileged.newPage();
      const violations: string[] = [];
      page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
      await page.goto(pathToFileURL(BUILT_INDEX).href);
      // The page's own module script ran under script-src 'self' from file://.
      await page.getByRole('navigation', { name: 'Projects' }).waitFor();
      expect(await injectInlineScript(page)).toEqual({ ran: false, violated: 'script-src-elem' });
      expect(violations.some((v) => v.includes("script-src 'self'"))).toBe(true);
      await screenshot(page, 'desktop-file-url-under-csp');
    } finally {
      await privileged.close();
    }
  });

  it('loaded from file:// in a plain browser the policy refuses the inline script as well', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(BUILT_INDEX).href);
    expect(await injectInlineScript(page)).toEqual({ ran: false, violated: 'script-src-elem' });
    await page.close();
  });
});

describe('the start-up failure page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  const cases: [string, unknown, string][] = [
    ['newer-schema', new Error('engram.db has schema version 900, newer than this Engram knows (40). Update Engram.'), 'This data folder was written by a newer Engram'],
    ['data-folder', Object.assign(new Error("EACCES: permission denied, mkdir '/home/ada/.config/engram'"), { code: 'EACCES', path: '/home/ada/.config/engram' }), 'Engram cannot write to its data folder'],
    ['native-module', Object.assign(new Error('was compiled against a different Node.js version using NODE_MODULE_VERSION 115'), { code: 'ERR_DLOPEN_FAILED' }), 'A native module was built for a different runtime'],
  ];

  it.each(cases)('%s: the heading, what happened and what to do are on the page', async (kind, error, heading) => {
    const failure = describeStartupFailure(error, { dataDir: '/home/ada/.config/engram', packaged: false });
    const page = await browser.newPage({ viewport: { width: 900, height: 640 } });
    await page.goto(startupFailureUrl(failure));
    const alert = page.getByRole('alert');
    expect(await alert.getAttribute('data-failure')).toBe(kind);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
    expect(await alert.textContent()).toContain(failure.what);
    expect(await page.getByRole('listitem').allTextContents()).toEqual(failure.todo);
    // Details are folded away until asked for.
    expect(await page.getByText(failure.detail.split('\n')[0], { exact: false }).isVisible()).toBe(false);
    await page.getByText('Details').click();
    expect(await page.locator('pre').isVisible()).toBe(true);
    await screenshot(page, `desktop-startup-failure-${kind}`);
    await page.close();
  });
});
