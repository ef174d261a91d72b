/*
 * Modular inversion x^-1 mod p for an odd p < 2^255: the native twin of
 * Montgomery256.BinaryInverse, which stays the reference and the fallback.
 *
 * The algorithm is Bernstein and Yang's division steps ("Fast constant-time gcd computation and
 * modular inversion", TCHES 2019, sections 8 and 11), in its variable-time form, with the
 * arrangement that libsecp256k1 documents for it (doc/safegcd_implementation.md there): 62
 * division steps at a time on the low 64 bits of f and g alone, gathered into a 2 x 2 matrix
 * scaled by 2^62, which is then applied to the full f, g and to the coefficients d, e (with
 * d x = f and e x = g mod p kept true). Runs of even g are skipped at once by a trailing-zero
 * count, and runs of odd g cancel up to six low bits by one product with -1/f mod 64.
 *
 * Why: the MSM's batch additions invert once per batch of up to a thousand points, and the
 * binary algorithm in C# (a shift or a subtraction of four limbs per step, each step a branch the
 * processor cannot predict) took 4 to 7 microseconds, a tenth of a G1 MSM's time. Here one
 * inversion is about ten rounds of a few dozen products on 64-bit words.
 *
 * Numbers are in "signed 62" form: five limbs of 62 bits, least significant first, each in
 * [0, 2^62) except the top one, which carries the sign; 310 bits hold p and the coefficients'
 * range (-2p, p) with room. Variable time: the inputs steer branches, as everywhere in this
 * library (the prover's secrets never leave its machine).
 */
#include <stdint.h>

typedef __int128 int128;

#define LIMB_BITS 62
#define LIMB_MASK ((uint64_t)-1 >> 2)

typedef struct { int64_t v[5]; } s62;

/* The transition matrix of 62 division steps, times 2^62: [u v; q r] maps (f, g) to 2^62 (f', g'). */
typedef struct { int64_t u, v, q, r; } transition;

static void to_s62(s62 *r, const uint64_t a[4])
{
    r->v[0] = (int64_t)(a[0] & LIMB_MASK);
    r->v[1] = (int64_t)(((a[0] >> 62) | (a[1] << 2)) & LIMB_MASK);
    r->v[2] = (int64_t)(((a[1] >> 60) | (a[2] << 4)) & LIMB_MASK);
    r->v[3] = (int64_t)(((a[2] >> 58) | (a[3] << 6)) & LIMB_MASK);
    r->v[4] = (int64_t)(a[3] >> 56);
}

/* The four 64-bit limbs of a signed-62 value in [0, 2^256) with limbs in [0, 2^62). */
static void from_s62(uint64_t r[4], const s62 *a)
{
    uint64_t v0 = (uint64_t)a->v[0], v1 = (uint64_t)a->v[1], v2 = (uint64_t)a->v[2],
             v3 = (uint64_t)a->v[3], v4 = (uint64_t)a->v[4];
    r[0] = v0 | (v1 << 62);
    r[1] = (v1 >> 2) | (v2 << 60);
    r[2] = (v2 >> 4) | (v3 << 58);
    r[3] = (v3 >> 6) | (v4 << 56);
}

/*
 * 62 division steps on the low bits of f (odd) and g, in eta = -delta form: where g is odd and
 * eta < 0, (eta, f, g) becomes (-eta, g, -f); then g += (a multiple of f that clears low bits),
 * and each cleared bit is shifted out with eta -= 1. The low 62 bits of f and g decide all 62
 * steps (the paper's section 7), so 64-bit words wrap harmlessly above them.
 */
static int64_t divsteps_62(int64_t eta, uint64_t f, uint64_t g, transition *t)
{
    uint64_t u = 1, v = 0, q = 0, r = 1; /* wrapping arithmetic; the true values fit 63 bits */
    int left = LIMB_BITS;
    for (;;)
    {
        /* The bit at position 'left' stops the count, so at most 'left' zeros are taken. */
        int zeros = __builtin_ctzll(g | ((uint64_t)-1 << left));
        g >>= zeros;
        u <<= zeros;
        v <<= zeros;
        eta -= zeros;
        left -= zeros;
        if (left == 0) break;
        /* g is odd. */
        if (eta < 0)
        {
            uint64_t swap;
            eta = -eta;
            swap = f; f = g; g = -swap;
            swap = u; u = q; q = -swap;
            swap = v; v = r; r = -swap;
        }
        /* Clear up to min(eta + 1, left, 6) low bits of g with w f, w = -g/f mod 2^bits:
         * f (f^2 - 2) is -1/f mod 64 for odd f (Hacker's Delight, 2nd ed., 10-15, negated). */
        int bits = (int)(eta + 1 < left ? eta + 1 : left);
        if (bits > 6) bits = 6;
        uint64_t w = (g * f * (f * f - 2)) & (((uint64_t)1 << bits) - 1);
        g += f * w;
        q += u * w;
        r += v * w;
    }
    t->u = (int64_t)u;
    t->v = (int64_t)v;
    t->q = (int64_t)q;
    t->r = (int64_t)r;
    return eta;
}

/* (f, g) = [u v; q r] (f, g) / 2^62, exact: the matrix was built so that the low 62 bits vanish. */
static void update_fg(s62 *f, s62 *g, const transition *t)
{
    int128 cf = (int128)t->u * f->v[0] + (int128)t->v * g->v[0];
    int128 cg = (int128)t->q * f->v[0] + (int128)t->r * g->v[0];
    cf >>= LIMB_BITS;
    cg >>= LIMB_BITS;
    for (int i = 1; i < 5; i++)
    {
        cf += (int128)t->u * f->v[i] + (int128)t->v * g->v[i];
        cg += (int128)t->q * f->v[i] + (int128)t->r * g->v[i];
        f->v[i - 1] = (int64_t)((uint64_t)cf & LIMB_MASK);
        g->v[i - 1] = (int64_t)((uint64_t)cg & LIMB_MASK);
        cf >>= LIMB_BITS;
        cg >>= LIMB_BITS;
    }
    f->v[4] = (int64_t)cf;
    g->v[4] = (int64_t)cg;
}

/*
 * (d, e) = [u v; q r] (d, e) / 2^62 mod p, for d, e in (-2p, p), results in the same range: a
 * multiple of p is added to each sum so that its low 62 bits vanish (p_inv = p^-1 mod 2^62), and
 * one more p for each negative input, which keeps the bound (libsecp256k1's analysis).
 */
static void update_de(s62 *d, s62 *e, const transition *t, const s62 *p, uint64_t p_inv)
{
    int64_t d_sign = d->v[4] >> 63, e_sign = e->v[4] >> 63;
    int64_t md = (t->u & d_sign) + (t->v & e_sign);
    int64_t me = (t->q & d_sign) + (t->r & e_sign);
    int128 cd = (int128)t->u * d->v[0] + (int128)t->v * e->v[0];
    int128 ce = (int128)t->q * d->v[0] + (int128)t->r * e->v[0];
    md -= (int64_t)((p_inv * (uint64_t)cd + (uint64_t)md) & LIMB_MASK);
    me -= (int64_t)((p_inv * (uint64_t)ce + (uint64_t)me) & LIMB_MASK);
    cd += (int128)p->v[0] * md;
    ce += (int128)p->v[0] * me;
    cd >>= LIMB_BITS;
    ce >>= LIMB_BITS;
    for (int i = 1; i < 5; i++)
    {
        cd += (int128)t->u * d->v[i] + (int128)t->v * e->v[i] + (int128)p->v[i] * md;
        ce += (int128)t->q * d->v[i] + (int128)t->r * e->v[i] + (int128)p->v[i] * me;
        d->v[i - 1] = (int64_t)((uint64_t)cd & LIMB_MASK);
        e->v[i - 1] = (int64_t)((uint64_t)ce & LIMB_MASK);
        cd >>= LIMB_BITS;
        ce >>= LIMB_BITS;
    }
    d->v[4] = (int64_t)cd;
    e->v[4] = (int64_t)ce;
}

/* The normalisation's steps, limb by limb (carry() afterwards puts every limb but the top back in
   [0, 2^62)): a += p where mask is all ones; a = -a where mask is all ones. */
static void add_masked(s62 *a, const s62 *p, int64_t mask)
{
    for (int i = 0; i < 5; i++) a->v[i] += p->v[i] & mask;
}

static void negate_masked(s62 *a, int64_t mask)
{
    for (int i = 0; i < 5; i++) a->v[i] = (a->v[i] ^ mask) - mask;
}

static void carry(s62 *a)
{
    for (int i = 0; i < 4; i++)
    {
        a->v[i + 1] += a->v[i] >> LIMB_BITS;
        a->v[i] &= (int64_t)LIMB_MASK;
    }
}

static int is_zero(const s62 *a)
{
    return (a->v[0] | a->v[1] | a->v[2] | a->v[3] | a->v[4]) == 0;
}

/*
 * r = x^-1 mod p for 0 < x < p, p odd below 2^255 and prime to x; params = (p0..p3, n0) with
 * n0 = -p^-1 mod 2^64, the Montgomery kernel's block. Returns 1, or 0 (r untouched) where the
 * steps did not end in f = +-1, which they always do for such inputs; the caller then takes its
 * own path rather than trust the result.
 */
int cm_modular_inverse(const uint64_t *x, const uint64_t *params, uint64_t *r)
{
    s62 p, f, g, d = {{0, 0, 0, 0, 0}}, e = {{1, 0, 0, 0, 0}};
    to_s62(&p, params);
    f = p;
    to_s62(&g, x);
    uint64_t p_inv = (0 - params[4]) & LIMB_MASK;
    int64_t eta = -1;
    /* 741 division steps finish any 256-bit input (the paper's Theorem 11.2): 12 rounds of 62.
     * The variable-time steps are the same steps, so a round past that means bad inputs. */
    for (int round = 0; !is_zero(&g); round++)
    {
        if (round == 12) return 0;
        transition t;
        eta = divsteps_62(eta, (uint64_t)f.v[0] | ((uint64_t)f.v[1] << 62), (uint64_t)g.v[0] | ((uint64_t)g.v[1] << 62), &t);
        update_fg(&f, &g, &t);
        update_de(&d, &e, &t, &p, p_inv);
    }
    /* f = +-gcd(p, x): anything but +-1 means x was not invertible. */
    int64_t f_sign = f.v[4] >> 63;
    s62 one = f;
    negate_masked(&one, f_sign);
    carry(&one);
    if (one.v[0] != 1 || (one.v[1] | one.v[2] | one.v[3] | one.v[4]) != 0) return 0;
    /* d in (-2p, p) with d x = f: add p if negative, negate with f's sign, add p if negative. */
    carry(&d);
    add_masked(&d, &p, d.v[4] >> 63);
    carry(&d);
    negate_masked(&d, f_sign);
    carry(&d);
    add_masked(&d, &p, d.v[4] >> 63);
    carry(&d);
    if (d.v[4] < 0 || (uint64_t)d.v[4] >> 8 != 0) return 0;
    from_s62(r, &d);
    return 1;
}
