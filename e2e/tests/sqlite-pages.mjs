// Reads a SQLite database file and its write-ahead log page by page, the way someone holding a
// copy of the files (not a SQL connection) would, following the documented formats:
// https://www.sqlite.org/fileformat2.html (database file, b-tree pages, records, freelist) and
// https://www.sqlite.org/walformat.html (WAL header and frames). Small on purpose: enough to
// find which table owns each page, list every record, and see unallocated space.

const HEADER = 'SQLite format 3\u0000'

/** Big-endian integer of `n` bytes at `o`. */
const uint = (buf, o, n) => {
  let v = 0
  for (let i = 0; i < n; i++) v = v * 256 + buf[o + i]
  return v
}

/** SQLite varint: 1–9 bytes, big-endian 7 bits per byte, the 9th byte gives 8 bits. */
function varint(buf, o) {
  let v = 0n
  for (let i = 0; i < 8; i++) {
    const b = buf[o + i]
    v = (v << 7n) | BigInt(b & 0x7f)
    if (!(b & 0x80)) return [v, i + 1]
  }
  return [(v << 8n) | BigInt(buf[o + 8]), 9]
}

/** The values of a record (header of serial types, then the body). */
export function decodeRecord(payload) {
  const [headerSize, n0] = varint(payload, 0)
  let h = n0
  let b = Number(headerSize)
  const values = []
  while (h < Number(headerSize)) {
    const [st, n] = varint(payload, h)
    h += n
    const t = Number(st)
    if (t === 0) values.push(null)
    else if (t >= 1 && t <= 6) {
      const size = [0, 1, 2, 3, 4, 6, 8][t]
      let v = 0n
      for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(payload[b + i] ?? 0)
      if (size && payload[b] & 0x80) v -= 1n << BigInt(size * 8)
      values.push(Number(v))
      b += size
    } else if (t === 7) {
      values.push(Buffer.from(payload.subarray(b, b + 8)).readDoubleBE(0))
      b += 8
    } else if (t === 8 || t === 9) values.push(t - 8)
    else if (t >= 12 && t % 2 === 0) {
      const len = (t - 12) / 2
      values.push(Buffer.from(payload.subarray(b, b + len)))
      b += len
    } else if (t >= 13) {
      const len = (t - 13) / 2
      values.push(Buffer.from(payload.subarray(b, b + len)).toString('utf8'))
      b += len
    } else values.push(undefined)
  }
  return values
}

export class PageImage {
  /** @param {Buffer} data one page; @param {number} pageNo 1-based */
  constructor(data, pageNo, usableSize) {
    this.data = data
    this.pageNo = pageNo
    this.usable = usableSize
    this.hdr = pageNo === 1 ? 100 : 0
  }
  get type() {
    return this.data[this.hdr]
  }
  get isBtree() {
    return [2, 5, 10, 13].includes(this.type)
  }
  get isLeaf() {
    return this.type === 10 || this.type === 13
  }
  get cellCount() {
    return uint(this.data, this.hdr + 3, 2)
  }
  get headerSize() {
    return this.isLeaf ? 8 : 12
  }
  cellOffsets() {
    const out = []
    const base = this.hdr + this.headerSize
    for (let i = 0; i < this.cellCount; i++) out.push(uint(this.data, base + 2 * i, 2))
    return out
  }
  /** Child page numbers of an interior page. */
  children() {
    if (this.isLeaf || !this.isBtree) return []
    const kids = this.cellOffsets().map((o) => uint(this.data, o, 4))
    kids.push(uint(this.data, this.hdr + 8, 4))
    return kids
  }
  /** Cells with their payload (local part) and overflow page, if any. */
  cells() {
    const U = this.usable
    const out = []
    for (const o of this.cellOffsets()) {
      let p = o
      if (this.type === 5) continue // interior table cells hold only a child and a rowid
      if (this.type === 2) p += 4
      const [size, n1] = varint(this.data, p)
      p += n1
      let rowid = null
      if (this.type === 13) {
        const [r, n2] = varint(this.data, p)
        rowid = Number(r)
        p += n2
      }
      const P = Number(size)
      const X = this.type === 13 ? U - 35 : Math.floor(((U - 12) * 64) / 255) - 23
      const M = Math.floor(((U - 12) * 32) / 255) - 23
      let local = P
      if (P > X) {
        const K = M + ((P - M) % (U - 4))
        local = K <= X ? K : M
      }
      const overflow = local < P ? uint(this.data, p + local, 4) : 0
      out.push({ offset: o, rowid, size: P, local: this.data.subarray(p, p + local), overflow, end: p + local + (overflow ? 4 : 0) })
    }
    return out
  }
  /** Bytes not inside any cell or header: the unallocated gap and the freeblocks. */
  freeSpace() {
    if (!this.isBtree) return []
    const areas = []
    const gapStart = this.hdr + this.headerSize + 2 * this.cellCount
    const contentStart = uint(this.data, this.hdr + 5, 2) || 65536
    areas.push(this.data.subarray(gapStart, contentStart))
    let fb = uint(this.data, this.hdr + 1, 2)
    for (let guard = 0; fb && guard < 1000; guard++) {
      const next = uint(this.data, fb, 2)
      const size = uint(this.data, fb + 2, 2)
      areas.push(this.data.subarray(fb + 4, fb + size))
      fb = next
    }
    return areas
  }
}

/** A consistent state of the database: the page images, and which b-tree owns each page. */
export class Snapshot {
  constructor(pages, pageSize, usable) {
    this.pages = pages // Map<pageNo, Buffer>
    this.pageSize = pageSize
    this.usable = usable
  }
  page(no) {
    const data = this.pages.get(no)
    return data ? new PageImage(data, no, this.usable) : null
  }
  /** Full payload of a cell, following overflow pages. */
  payload(cell) {
    if (!cell.overflow) return cell.local
    const parts = [cell.local]
    let left = cell.size - cell.local.length
    for (let next = cell.overflow, guard = 0; next && left > 0 && guard < 10000; guard++) {
      const data = this.pages.get(next)
      if (!data) break
      const take = Math.min(left, this.usable - 4)
      parts.push(data.subarray(4, 4 + take))
      left -= take
      next = uint(data, 0, 4)
    }
    return Buffer.concat(parts)
  }
  /** Every page of a b-tree from its root, overflow pages included. */
  treePages(root) {
    const seen = new Set()
    const walk = (no) => {
      if (!no || seen.has(no)) return
      const page = this.page(no)
      if (!page || !page.isBtree) return
      seen.add(no)
      for (const cell of page.cells()) for (let o = cell.overflow, g = 0; o && g < 10000; g++) {
        seen.add(o)
        o = uint(this.pages.get(o) ?? Buffer.alloc(4), 0, 4)
      }
      for (const child of page.children()) walk(child)
    }
    walk(root)
    return seen
  }
  /** Records (decoded) of every leaf cell of a b-tree; `onlyPages` limits them to those pages. */
  records(root, onlyPages) {
    const out = []
    for (const no of this.treePages(root)) {
      if (onlyPages && !onlyPages.has(no)) continue
      const page = this.page(no)
      if (!page?.isBtree || !(page.isLeaf || page.type === 2)) continue
      for (const cell of page.cells()) out.push({ page: no, rowid: cell.rowid, offset: cell.offset, values: decodeRecord(this.payload(cell)) })
    }
    return out
  }
  /** sqlite_schema rows: { type, name, tbl_name, rootpage, sql }. */
  schema() {
    return this.records(1).map(({ values: [type, name, tblName, rootpage, sql] }) => ({ type, name, tblName, rootpage, sql }))
  }
  /** Map page number → owning table (indexes count for their table; 'sqlite_schema', 'freelist'). */
  owners() {
    const owner = new Map()
    for (const no of this.treePages(1)) owner.set(no, 'sqlite_schema')
    for (const s of this.schema()) {
      if (!s.rootpage) continue
      for (const no of this.treePages(s.rootpage)) owner.set(no, s.tblName)
    }
    const first = this.pages.get(1)
    let trunk = first ? uint(first, 32, 4) : 0
    for (let guard = 0; trunk && guard < 10000; guard++) {
      owner.set(trunk, 'freelist')
      const data = this.pages.get(trunk)
      if (!data) break
      const count = uint(data, 4, 4)
      for (let i = 0; i < count; i++) owner.set(uint(data, 8 + 4 * i, 4), 'freelist')
      trunk = uint(data, 0, 4)
    }
    return owner
  }
  /** Root pages of a table and its indexes. */
  roots(table) {
    return this.schema().filter((s) => s.tblName === table && s.rootpage).map((s) => ({ name: s.name, type: s.type, root: s.rootpage }))
  }
}

/** Parses the main file: page size, usable size, and its pages. */
export function readDatabase(buf) {
  if (buf.subarray(0, 16).toString('latin1') !== HEADER) throw new Error('not a SQLite database')
  const raw = uint(buf, 16, 2)
  const pageSize = raw === 1 ? 65536 : raw
  const usable = pageSize - buf[20]
  const pages = new Map()
  for (let no = 1; no * pageSize <= buf.length; no++) pages.set(no, buf.subarray((no - 1) * pageSize, no * pageSize))
  return { pageSize, usable, pages }
}

/**
 * Every frame of a WAL file, in file order, grouped into commits (a commit ends at a frame whose
 * "database size after commit" is non-zero). Frames of an older WAL generation (salts that do
 * not match the header) are kept too and marked `stale`: they are still on disk.
 */
export function readWal(buf) {
  if (buf.length < 32) return { pageSize: 0, commits: [], frames: [] }
  const magic = uint(buf, 0, 4)
  if (magic !== 0x377f0682 && magic !== 0x377f0683) throw new Error('not a WAL file')
  const pageSize = uint(buf, 8, 4)
  const salt = [uint(buf, 16, 4), uint(buf, 20, 4)]
  const frames = []
  for (let o = 32; o + 24 + pageSize <= buf.length; o += 24 + pageSize) {
    const pageNo = uint(buf, o, 4)
    const commitSize = uint(buf, o + 4, 4)
    const stale = uint(buf, o + 8, 4) !== salt[0] || uint(buf, o + 12, 4) !== salt[1]
    frames.push({ index: frames.length, pageNo, commitSize, stale, data: buf.subarray(o + 24, o + 24 + pageSize) })
  }
  const commits = []
  let current = []
  for (const f of frames) {
    current.push(f)
    if (f.commitSize) {
      commits.push(current)
      current = []
    }
  }
  if (current.length) commits.push(current) // an unfinished transaction at the end
  return { pageSize, frames, commits }
}

/**
 * The database as of each WAL commit: the main file with the WAL's frames applied up to and
 * including that commit. Yields { commit, snapshot }. Commits of an older WAL generation (stale
 * frames after the current generation's end, already checkpointed into the main file) come first,
 * applied on a copy of their own: laid over the current state they would turn pages back in time,
 * and the last snapshot would not be the database as it is (this made the comment-slot check see
 * 5 of 12 released slots whenever the WAL had wrapped during the run). Such a snapshot is marked
 * `stale`: its base is today's file, not the database of that moment, so only the pages its own
 * commit wrote show that moment; the rest of it is a mix of times (a CI run saw 4 comment slots
 * in each of 14 of them, half of one batch's pages from before and half from after).
 */
export function* snapshotsAfterEachCommit(db, wal) {
  const stale = wal.commits.filter((c) => c[0].stale)
  const current = wal.commits.filter((c) => !c[0].stale)
  for (const commits of [stale, current]) {
    const pages = new Map(db.pages)
    for (const commit of commits) {
      for (const f of commit) pages.set(f.pageNo, f.data)
      yield { commit, stale: commits === stale, snapshot: new Snapshot(new Map(pages), db.pageSize, db.usable) }
    }
  }
}
