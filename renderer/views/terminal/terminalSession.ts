import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import type { EngramApi, TerminalInfo } from '../../../contract';
import { TERMINAL_FLOW } from '../../../contract';
import { openTerminalChannel, type TerminalChannel } from './terminalChannel';
import { terminalTheme } from './terminalTheme';

const RESIZE_DEBOUNCE_MS = 30;
const MAX_RECONNECTS = 8;
/** Keystrokes typed before the shell's channel is open (a new terminal) are kept, up to this much. */
const MAX_QUEUED_INPUT = 64 * 1024;
/**
 * Output of a terminal nobody can see (another tab, another project) is acknowledged this much
 * later, so its shell is paced more slowly and a flood there leaves the page free to echo
 * what the user types in the terminal they are looking at.
 */
const HIDDEN_ACK_DELAY_MS = 200;

/**
 * One terminal in the renderer: an xterm that outlives the React components showing it
 * (switching tabs or projects only moves its element), and the byte channel feeding it.
 * Output is acknowledged once xterm has parsed it, which paces the shell on the host.
 */
export class TerminalSession {
  /** The element xterm lives in; moved between panes, never recreated. */
  readonly element = document.createElement('div');
  readonly xterm: Terminal;
  private readonly fitAddon = new FitAddon();
  private readonly searchAddon = new SearchAddon();
  private channel: TerminalChannel | undefined;
  private channelOpen = false;
  private queuedInput: string[] = [];
  private queuedSize = 0;
  private opened = false;
  private parsedSinceAck = 0;
  private reconnects = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  /** Whether any of the terminal is on screen (kept by an observer: reading layout per write would force it). */
  private shown = false;
  private readonly visibility = new IntersectionObserver((entries) => {
    this.shown = entries[entries.length - 1]?.isIntersecting ?? this.shown;
  });
  renderer: 'webgl' | 'dom' = 'dom';

  constructor(
    public info: TerminalInfo,
    private readonly api: EngramApi,
  ) {
    this.element.className = 'terminal-host';
    this.visibility.observe(this.element);
    this.element.dataset.terminalId = info.id;
    this.xterm = new Terminal({
      cols: info.cols,
      rows: info.rows,
      fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--font-mono').trim() || 'monospace',
      fontSize: 13,
      scrollback: 10_000,
      cursorBlink: true,
      theme: terminalTheme(),
    });
    this.xterm.loadAddon(this.fitAddon);
    this.xterm.loadAddon(this.searchAddon);
    this.xterm.loadAddon(new WebLinksAddon((_event, uri) => window.open(uri, '_blank', 'noopener,noreferrer')));
    this.xterm.onData((data) => this.input(data));
    this.xterm.onResize(({ cols, rows }) => this.sendSize(cols, rows));
    this.xterm.attachCustomKeyEventHandler((e) => this.clipboardKeys(e));
  }

  /** Shows the terminal inside `parent` (opening xterm the first time: it needs a laid-out element). */
  mount(parent: HTMLElement): void {
    parent.appendChild(this.element);
    if (!this.opened) {
      this.opened = true;
      this.xterm.open(this.element);
      this.loadWebgl();
    }
    this.fit();
    this.connect();
  }

  unmount(): void {
    this.element.remove();
  }

  focus(): void {
    this.xterm.focus();
  }

  /** Fits the terminal to its pane; the PTY follows through onResize. */
  fit(): void {
    if (!this.opened || !this.element.isConnected || this.element.clientWidth === 0) return;
    try {
      this.fitAddon.fit();
    } catch {
      // Not measurable yet (hidden pane): the next fit will do.
    }
  }

  find(term: string, backwards = false): boolean {
    if (!term) {
      this.searchAddon.clearDecorations();
      return false;
    }
    return backwards ? this.searchAddon.findPrevious(term) : this.searchAddon.findNext(term);
  }

  setTheme(): void {
    this.xterm.options.theme = terminalTheme();
  }

  /** New metadata from the host: (re)connect when a shell is there to connect to. */
  update(info: TerminalInfo): void {
    const restarted = info.status === 'running' && this.info.status !== 'running';
    this.info = info;
    if (info.status !== 'running' && info.status !== 'starting') {
      this.queuedInput = [];
      this.queuedSize = 0;
    }
    if (restarted) this.reconnects = 0;
    if (this.opened && !this.channel && hasShell(info)) this.connect();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.resizeTimer);
    this.channel?.close();
    this.channel = undefined;
    this.visibility.disconnect();
    this.xterm.dispose();
    this.element.remove();
  }

  private connect(): void {
    if (this.channel || this.disposed || !hasShell(this.info)) return;
    const channel = openTerminalChannel(this.info.id, {
      open: () => {
        if (this.channel !== channel) return;
        this.channelOpen = true;
        this.parsedSinceAck = 0;
        // The host replays its ring buffer first: start from a clean screen, not a doubled one.
        this.xterm.write('\x1bc');
        this.sendSize(this.xterm.cols, this.xterm.rows);
        for (const data of this.queuedInput.splice(0)) channel.input(data);
        this.queuedSize = 0;
      },
      data: (bytes) => this.write(bytes),
      closed: () => {
        if (this.channel !== channel) return;
        this.channel = undefined;
        this.channelOpen = false;
        this.scheduleReconnect();
      },
    });
    this.channel = channel;
  }

  private input(data: string): void {
    if (this.channel && this.channelOpen) return this.channel.input(data);
    if (this.queuedSize + data.length > MAX_QUEUED_INPUT) return;
    this.queuedInput.push(data);
    this.queuedSize += data.length;
  }

  private scheduleReconnect(): void {
    if (this.disposed || !hasShell(this.info) || this.reconnects >= MAX_RECONNECTS) return;
    const delay = Math.min(5_000, 150 * 2 ** this.reconnects++);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private write(bytes: Uint8Array): void {
    const channel = this.channel;
    this.xterm.write(bytes, () => {
      if (channel !== this.channel) return;
      this.parsedSinceAck += bytes.length;
      if (this.parsedSinceAck < TERMINAL_FLOW.ackStep) return;
      const parsed = this.parsedSinceAck;
      this.parsedSinceAck = 0;
      if (this.shown) channel?.ack(parsed);
      else setTimeout(() => channel === this.channel && channel?.ack(parsed), HIDDEN_ACK_DELAY_MS);
    });
  }

  private sendSize(cols: number, rows: number): void {
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => {
      if (this.disposed || this.info.status !== 'running') return;
      if (cols === this.info.cols && rows === this.info.rows) return;
      this.info = { ...this.info, cols, rows };
      this.api.call('terminal.resize', { id: this.info.id, cols, rows }).catch(() => {});
    }, RESIZE_DEBOUNCE_MS);
  }

  /**
   * WebGL when a GPU backs it; the DOM renderer otherwise, and again if the context is lost.
   * Software WebGL (no GPU, e.g. a VM or --disable-gpu) is slower than the DOM renderer: a
   * flood then spends the page's time painting frames instead of parsing output.
   */
  private loadWebgl(): void {
    if (!hardwareWebgl()) {
      this.renderer = 'dom';
      this.element.dataset.renderer = this.renderer;
      return;
    }
    try {
      const webgl = new WebglAddon();
      webgl.onContextLoss(() => {
        webgl.dispose();
        this.renderer = 'dom';
        this.element.dataset.renderer = 'dom';
      });
      this.xterm.loadAddon(webgl);
      this.renderer = 'webgl';
    } catch {
      this.renderer = 'dom';
    }
    this.element.dataset.renderer = this.renderer;
  }

  /** Ctrl+Shift+C / Ctrl+Shift+V copy and paste (Ctrl+C stays the shell's interrupt). */
  private clipboardKeys(e: KeyboardEvent): boolean {
    if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey || e.altKey || e.metaKey) return true;
    const key = e.key.toLowerCase();
    if (key === 'c' && this.xterm.hasSelection()) {
      void navigator.clipboard?.writeText(this.xterm.getSelection()).catch(() => {});
      return false;
    }
    if (key === 'v') {
      void navigator.clipboard?.readText().then((text) => text && this.xterm.paste(text)).catch(() => {});
      return false;
    }
    return true;
  }
}

/** Whether the PTY host holds this terminal (running, or exited with its last output kept). */
function hasShell(info: TerminalInfo): boolean {
  return info.status === 'running' || info.status === 'exited';
}

let hardwareWebglCache: boolean | undefined;
/**
 * Whether WebGL2 runs on a GPU. Chromium refuses a context flagged failIfMajorPerformanceCaveat
 * when it would be software, except for its own software rasterizers, so those are recognised
 * by name too.
 */
function hardwareWebgl(): boolean {
  if (hardwareWebglCache === undefined) {
    const gl = document.createElement('canvas').getContext('webgl2', { failIfMajorPerformanceCaveat: true });
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    const name = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    hardwareWebglCache = gl !== null && !/swiftshader|llvmpipe|softpipe|software/i.test(name);
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  }
  return hardwareWebglCache;
}
