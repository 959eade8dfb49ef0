/* Address-space identifiers (privileged spec, satp.ASID): a process keeps its TLB entries
 * across switches when it has one. ASID 0 means "none": flush on every switch. */
#ifndef MM_ASID_H
#define MM_ASID_H
#include <stdint.h>

extern int asid_bits;   /* ASID bits the hart implements (0 on the JH7110's U74) */

/* Probes satp.ASID while running on root (left active with ASID 0); returns the bit count. */
int asid_detect_bits(uint64_t root);
uint16_t asid_alloc(void);
/* Frees an ASID and flushes its TLB entries so the next owner starts clean. */
void asid_free(uint16_t asid);

#endif
