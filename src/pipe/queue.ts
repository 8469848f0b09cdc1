/** A FIFO of whole messages with O(1) push/shift (array + head index, compacted lazily). */
export class MessageQueue {
  private items: Array<Buffer[] | undefined> = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(msg: Buffer[]): void {
    this.items.push(msg);
  }

  shift(): Buffer[] | undefined {
    if (this.head >= this.items.length) return undefined;
    const msg = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return msg;
  }

  peek(): Buffer[] | undefined {
    return this.items[this.head];
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
