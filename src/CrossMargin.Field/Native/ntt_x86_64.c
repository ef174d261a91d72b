/*
 * The radix-2 NTT's butterflies over F_p, and span products: the native twins of the butterfly
 * runs in CrossMargin.Poly's NttKernels.cs and of Montgomery256.MulMany, which stay the reference
 * and the fallback. The passes, the cache blocking and the work items stay in C#; a call here is
 * one run of butterflies (hundreds of them) or one cache block's stages, so the crossing is paid
 * once per run.
 *
 * Why native: in C# a butterfly's modular sum and difference cost about as much as its product
 * (the JIT has no add-with-carry), and the products went through a transposition into the wide
 * kernel's lanes and back. Here the sum and difference are a few carry-chain instructions and the
 * product is the assembly's.
 *
 * Twiddles, as NttKernels reads them: a stage table with table[j * stride] = w_{2h}^j for the
 * butterflies h apart, table_length = h * stride. The inverse transform reads
 * w^-j = -w^(n/2 - j) = -table[table_length - j * stride] and puts the sign into the difference.
 * j = 0 (the twiddle 1) is not multiplied. Elements are four Montgomery limbs below p.
 */
#include "field_x86_64.h"

/*
 * DIF butterflies (Gentleman-Sande) on (lo[t], hi[t]), t < count, twiddle index j = j0 + t:
 * (u, v) -> (u + v, (u - v) w^j), or with inverse (u + v, (v - u) (-w^-j)).
 */
void cm_fp_dif_butterflies(fp *lo, fp *hi, uint64_t count, const fp *table, uint64_t table_length,
                           uint64_t j0, uint64_t stride, int inverse, const uint64_t *p)
{
    uint64_t t = 0;
    if (j0 == 0 && count > 0)
    {
        fp d;
        fp_sub(&d, &lo[0], &hi[0], p);
        fp_add(&lo[0], &lo[0], &hi[0], p);
        hi[0] = d;
        t = 1;
    }
    for (; t < count; t++)
    {
        uint64_t j = j0 + t;
        fp d;
        if (inverse) fp_sub(&d, &hi[t], &lo[t], p);
        else fp_sub(&d, &lo[t], &hi[t], p);
        fp_add(&lo[t], &lo[t], &hi[t], p);
        fp_mul(&hi[t], &d, &table[inverse ? table_length - j * stride : j * stride], p);
    }
}

/* DIT butterflies (Cooley-Tukey) on (lo[t], hi[t]), forward only: (u, v) -> (u + w^j v, u - w^j v). */
void cm_fp_dit_butterflies(fp *lo, fp *hi, uint64_t count, const fp *table, uint64_t j0, uint64_t stride, const uint64_t *p)
{
    for (uint64_t t = 0; t < count; t++)
    {
        uint64_t j = j0 + t;
        fp v = hi[t];
        if (j != 0) fp_mul(&v, &v, &table[j * stride], p);
        fp_sub(&hi[t], &lo[t], &v, p);
        fp_add(&lo[t], &lo[t], &v, p);
    }
}

/*
 * Every stage of one cache block of block_length elements (a power of two) whose butterflies lie
 * inside it: h = block_length/2, ..., 1 for DIF, h = 1, ..., block_length/2 for DIT. The compact
 * table holds the stage h's twiddles w_{2h}^j (j < h) at [h - 1, 2h - 1) (NttKernels.BlockTwiddles).
 */
void cm_fp_dif_block(fp *block, uint64_t block_length, const fp *compact, int inverse, const uint64_t *p)
{
    for (uint64_t h = block_length / 2; h >= 1; h >>= 1)
        for (uint64_t s = 0; s < block_length; s += 2 * h)
            cm_fp_dif_butterflies(block + s, block + s + h, h, compact + h - 1, h, 0, 1, inverse, p);
}

void cm_fp_dit_block(fp *block, uint64_t block_length, const fp *compact, const uint64_t *p)
{
    for (uint64_t h = 1; h < block_length; h <<= 1)
        for (uint64_t s = 0; s < block_length; s += 2 * h)
            cm_fp_dit_butterflies(block + s, block + s + h, h, compact + h - 1, 0, 1, p);
}

/* r[k] = a[k] b[k] for k < count; r may alias a or b. */
void cm_fp_mul_many(const fp *a, const fp *b, fp *r, uint64_t count, const uint64_t *p)
{
    for (uint64_t k = 0; k < count; k++) fp_mul(&r[k], &a[k], &b[k], p);
}
