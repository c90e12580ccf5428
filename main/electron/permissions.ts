import type { Session } from 'electron';

/**
 * The only permissions the workbench page is granted, and only for itself: the terminal copies
 * its selection and pastes with the async clipboard API (Ctrl+Shift+C / Ctrl+Shift+V), which
 * Chromium gates behind these two. Everything else (camera, microphone, notifications,
 * geolocation, MIDI, HID, serial, USB, fullscreen by the page, opening external apps, …) is
 * refused, whoever asks.
 */
export const GRANTED_TO_APP_PAGE: readonly string[] = ['clipboard-read', 'clipboard-sanitized-write'];

/** Denies every permission request and check, except the clipboard for the app's own page. */
export function denyPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>,
  isAppPage: (url: string) => boolean,
): void {
  const allowed = (permission: string, url: string | undefined) => GRANTED_TO_APP_PAGE.includes(permission) && !!url && isAppPage(url);
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(allowed(permission, details?.requestingUrl));
  });
  session.setPermissionCheckHandler((_webContents, permission, _origin, details) => allowed(permission, details?.requestingUrl));
  session.setDevicePermissionHandler(() => false);
}

/** Whether a URL is the workbench page itself: the built index.html, or the dev server. */
export function appPageMatcher(rendererIndexUrl: string, devServerUrl: string | undefined): (url: string) => boolean {
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : undefined;
  return (url) => {
    try {
      const u = new URL(url);
      if (u.protocol === 'file:') return u.href.split(/[?#]/)[0] === rendererIndexUrl;
      return devOrigin !== undefined && u.origin === devOrigin;
    } catch {
      return false;
    }
  };
}

type Contents = Pick<Electron.WebContents, 'setWindowOpenHandler' | 'on'>;

/**
 * For every web contents the app creates: no new windows (http(s) links go to the user's
 * browser), no navigation away from the page, no <webview>. Applied from
 * `app.on('web-contents-created')`, so nothing created later escapes it.
 */
export function refuseNavigation(contents: Contents, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:/.test(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
