/** ZMTP 3.x frame flag bits (RFC 23 §Framing). Bits 3–7 are reserved and ignored on input. */
export const FLAG_MORE = 0x01;
export const FLAG_LONG = 0x02;
export const FLAG_COMMAND = 0x04;

/** Size of a ZMTP 3.x greeting. */
export const GREETING_SIZE = 64;

/** Largest body a short frame can carry; libzmq uses the long form only above this. */
export const SHORT_FRAME_MAX = 255;
