// The VT100 screen: bytes in, rows/cursor/attributes out, held by @xterm/headless.
import xtermHeadless from "@xterm/headless";

const { Terminal } = xtermHeadless;

/** Cursor position (0-based row and column) and whether the device shows it. */
export interface CursorState {
  row: number;
  col: number;
  visible: boolean;
}

/** Display attributes of one cell. */
export interface CellAttrs {
  char: string;
  inverse: boolean;
  bold: boolean;
  underline: boolean;
}

/** A copy of the whole screen: rows, cursor, and the runs of reverse-video cells (0-based). */
export interface ScreenSnapshot {
  rows: string[];
  cursor: CursorState;
  reverse: { row: number; col: number; length: number }[];
}

/** A headless VT100 screen fed with the device's output. */
export class Screen {
  readonly cols: number;
  readonly rows: number;
  private readonly term: InstanceType<typeof Terminal>;
  private cursorVisible = true;
  /** Incremented after each write has been parsed. */
  version = 0;

  constructor(size: { cols: number; rows: number }) {
    this.cols = size.cols;
    this.rows = size.rows;
    this.term = new Terminal({ allowProposedApi: true, cols: size.cols, rows: size.rows, scrollback: 0 });
    // DECTCEM (CSI ?25h / ?25l): xterm tracks it internally; we mirror it through the public parser hooks.
    const track = (visible: boolean) => (params: (number | number[])[]) => {
      if (params.includes(25)) this.cursorVisible = visible;
      return false; // let xterm handle the sequence too
    };
    this.term.parser.registerCsiHandler({ prefix: "?", final: "h" }, track(true));
    this.term.parser.registerCsiHandler({ prefix: "?", final: "l" }, track(false));
    this.term.parser.registerEscHandler({ final: "c" }, () => {
      this.cursorVisible = true; // RIS resets the cursor to visible
      return false;
    });
  }

  /** Feed device output; resolves once xterm has parsed it. */
  write(data: Uint8Array | string): Promise<void> {
    return new Promise((resolve) =>
      this.term.write(data, () => {
        this.version++;
        resolve();
      }),
    );
  }

  /** Row `row` (0-based) as text, `cols` characters wide (unwritten cells are spaces). */
  row(row: number): string {
    const line = this.term.buffer.active.getLine(row);
    return (line?.translateToString(false) ?? "").padEnd(this.cols, " ");
  }

  /** `length` characters of row `row` from column `col` (all 0-based), padded with spaces. */
  slice(row: number, col: number, length: number): string {
    const line = this.term.buffer.active.getLine(row);
    return (line?.translateToString(false, col, Math.min(this.cols, col + length)) ?? "").padEnd(length, " ");
  }

  /** All rows as strings, top to bottom. */
  text(): string[] {
    return Array.from({ length: this.rows }, (_, r) => this.row(r));
  }

  /** The cursor's position and visibility. */
  cursor(): CursorState {
    const b = this.term.buffer.active;
    return { row: b.cursorY, col: b.cursorX, visible: this.cursorVisible };
  }

  /** Attributes of the cell at 0-based (row, col). */
  cell(row: number, col: number): CellAttrs {
    const c = this.term.buffer.active.getLine(row)?.getCell(col);
    return {
      char: c?.getChars() || " ",
      inverse: Boolean(c?.isInverse()),
      bold: Boolean(c?.isBold()),
      underline: Boolean(c?.isUnderline()),
    };
  }

  /** Rows, cursor and reverse-video runs in one copy. */
  snapshot(): ScreenSnapshot {
    const reverse: ScreenSnapshot["reverse"] = [];
    const line = this.term.buffer.active.getNullCell();
    for (let r = 0; r < this.rows; r++) {
      const row = this.term.buffer.active.getLine(r);
      let start = -1;
      for (let c = 0; c <= this.cols; c++) {
        const inv = c < this.cols && Boolean(row?.getCell(c, line)?.isInverse());
        if (inv && start < 0) start = c;
        if (!inv && start >= 0) {
          reverse.push({ row: r, col: start, length: c - start });
          start = -1;
        }
      }
    }
    return { rows: this.text(), cursor: this.cursor(), reverse };
  }

  /** True when every row is blank. */
  blank(): boolean {
    for (let r = 0; r < this.rows; r++) if ((this.term.buffer.active.getLine(r)?.translateToString(true) ?? "").trim() !== "") return false;
    return true;
  }

  /** Release xterm's resources. */
  dispose(): void {
    this.term.dispose();
  }
}
