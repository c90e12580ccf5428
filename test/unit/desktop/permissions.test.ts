import { describe, expect, it, vi } from 'vitest';
import { FakeSession, FakeWebContents } from '../../helpers/electronStandIn';
import { appPageMatcher, denyPermissions, GRANTED_TO_APP_PAGE, refuseNavigation } from '../../../main/electron/permissions';
import { windowOptions } from '../../../main/electron/windowOptions';

// Every kind Electron 41's session handlers can be asked about (electron.d.ts).
const REQUESTED = ['clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen', 'geolocation', 'idle-detection', 'media', 'mediaKeySystem', 'midi', 'midiSysex', 'notifications', 'pointerLock', 'keyboardLock', 'openExternal', 'speaker-selection', 'storage-access', 'top-level-storage-access', 'window-management', 'unknown', 'fileSystem'];
const CHECKED = ['clipboard-read', 'clipboard-sanitized-write', 'geolocation', 'fullscreen', 'hid', 'idle-detection', 'media', 'mediaKeySystem', 'midi', 'midiSysex', 'notifications', 'openExternal', 'pointerLock', 'serial', 'storage-access', 'top-level-storage-access', 'usb', 'deprecated-sync-clipboard-read', 'fileSystem'];

const APP_PAGE = 'file:///opt/Engram/resources/app.asar/out/renderer/index.html';
const OTHER = 'https://example.com/page';

function session(): FakeSession {
  const s = new FakeSession();
  denyPermissions(s as never, appPageMatcher(APP_PAGE, undefined));
  return s;
}

function request(s: FakeSession, permission: string, url: string): boolean {
  const cb = vi.fn();
  s.permissionRequestHandler!({}, permission, cb, { requestingUrl: url, isMainFrame: true });
  expect(cb).toHaveBeenCalledTimes(1);
  return cb.mock.calls[0][0] as boolean;
}

describe('permissions: denied by default', () => {
  it.each(REQUESTED.filter((p) => !GRANTED_TO_APP_PAGE.includes(p)))('a request for %s is denied, even from the app page', (permission) => {
    const s = session();
    expect(request(s, permission, APP_PAGE)).toBe(false);
    expect(request(s, permission, OTHER)).toBe(false);
  });

  it.each(CHECKED.filter((p) => !GRANTED_TO_APP_PAGE.includes(p)))('a check for %s answers no, even for the app page', (permission) => {
    const s = session();
    expect(s.permissionCheckHandler!({}, permission, 'file://', { requestingUrl: APP_PAGE })).toBe(false);
    expect(s.permissionCheckHandler!(null, permission, 'https://example.com', { requestingUrl: OTHER })).toBe(false);
  });

  it("the clipboard (the terminal's copy and paste) is granted to the app's own page only", () => {
    const s = session();
    for (const permission of GRANTED_TO_APP_PAGE) {
      expect(request(s, permission, APP_PAGE)).toBe(true);
      expect(request(s, permission, APP_PAGE + '#/project')).toBe(true);
      expect(request(s, permission, OTHER)).toBe(false);
      expect(request(s, permission, 'file:///tmp/evil.html')).toBe(false);
      expect(s.permissionCheckHandler!({}, permission, 'file://', { requestingUrl: APP_PAGE })).toBe(true);
      expect(s.permissionCheckHandler!({}, permission, 'file://', {})).toBe(false);
    }
  });

  it('devices (HID, serial, USB) are never handed over', () => {
    expect(session().devicePermissionHandler!({ deviceType: 'usb', origin: 'file://' })).toBe(false);
  });

  it('the dev server origin is the app page while developing, nothing else on it is', () => {
    const isApp = appPageMatcher(APP_PAGE, 'http://localhost:5173/');
    expect(isApp('http://localhost:5173/index.html')).toBe(true);
    expect(isApp('http://localhost:5174/')).toBe(false);
    expect(isApp('not a url')).toBe(false);
  });
});

describe('the window', () => {
  it('is sandboxed, isolated, without Node, with web security on, and only the preload bridges', () => {
    const options = windowOptions({ width: 1280, height: 820 }, '/app/out/preload/index.js');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(options.show).toBe(false);
    expect(windowOptions({ width: 900, height: 640 }, undefined).webPreferences).not.toHaveProperty('preload');
  });
});

describe('navigation', () => {
  const prevented = (contents: FakeWebContents, event: string, ...args: unknown[]) => {
    const e = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    contents.emit(event, e, ...args);
    return e.defaultPrevented;
  };

  it('no new windows (web links go to the browser), no navigating away, no redirects, no <webview>', () => {
    const contents = new FakeWebContents();
    const opened: string[] = [];
    refuseNavigation(contents as never, (url) => opened.push(url));
    expect(contents.setWindowOpenHandlerResult('https://example.com/docs')).toEqual({ action: 'deny' });
    expect(contents.setWindowOpenHandlerResult('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(contents.setWindowOpenHandlerResult('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/docs']);
    expect(prevented(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented(contents, 'will-redirect', 'https://evil.example/')).toBe(true);
    expect(prevented(contents, 'will-attach-webview', {}, {})).toBe(true);
  });
});
