/* printf and friends. One formatter writes into a sink: a caller's string (snprintf), or a
 * buffer on the stack that is flushed to fd 1 when full and at the end (printf). */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

struct sink {
    char *buf;
    size_t cap;      /* bytes buf can hold */
    size_t used;     /* bytes in buf */
    size_t total;    /* bytes produced so far, including any not stored */
    int fd;          /* flush to this fd when full, or -1 to drop what does not fit */
    long error;      /* first failed write, as a negative errno */
};

static void flush(struct sink *out)
{
    size_t done = 0;

    while (done < out->used && out->error == 0) {
        long n = sys_write(out->fd, out->buf + done, out->used - done);
        if (n < 0)
            out->error = n;
        else
            done += (size_t)n;
    }
    out->used = 0;
}

static void put(struct sink *out, char c)
{
    out->total++;
    if (out->used == out->cap) {
        if (out->fd < 0)
            return;
        flush(out);
    }
    out->buf[out->used++] = c;
}

static void pad(struct sink *out, char c, int count)
{
    while (count-- > 0)
        put(out, c);
}

struct spec {
    int left;        /* '-' */
    char fill;       /* ' ' or '0' */
    int width;
};

static void put_string(struct sink *out, const struct spec *spec, const char *s)
{
    int len = 0;

    while (s[len])
        len++;
    if (!spec->left)
        pad(out, ' ', spec->width - len);
    for (int i = 0; i < len; i++)
        put(out, s[i]);
    if (spec->left)
        pad(out, ' ', spec->width - len);
}

static void put_number(struct sink *out, const struct spec *spec, unsigned long long value,
                       int negative, unsigned base, int upper, const char *prefix)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char text[24];
    int len = 0;
    int prefix_len = 0;

    do {
        text[len++] = digits[value % base];
        value /= base;
    } while (value);
    if (negative)
        prefix = "-";
    while (prefix[prefix_len])
        prefix_len++;

    int padding = spec->width - len - prefix_len;
    if (!spec->left && spec->fill == ' ')
        pad(out, ' ', padding);
    for (int i = 0; i < prefix_len; i++)
        put(out, prefix[i]);
    if (!spec->left && spec->fill == '0')
        pad(out, '0', padding);
    while (len)
        put(out, text[--len]);
    if (spec->left)
        pad(out, ' ', padding);
}

static void format(struct sink *out, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(out, *fmt);
            continue;
        }
        fmt++;

        struct spec spec = { .left = 0, .fill = ' ', .width = 0 };
        for (;; fmt++) {
            if (*fmt == '-')
                spec.left = 1;
            else if (*fmt == '0')
                spec.fill = '0';
            else
                break;
        }
        if (*fmt == '*') {
            spec.width = va_arg(ap, int);
            fmt++;
        }
        for (; *fmt >= '0' && *fmt <= '9'; fmt++)
            spec.width = spec.width * 10 + (*fmt - '0');

        /* 0: int, 1: long, 2: long long. 'z' counts as 'l': size_t is unsigned long on lp64. */
        int longs = 0;
        for (; *fmt == 'l' || *fmt == 'z'; fmt++)
            longs++;

        switch (*fmt) {
        case 'd':
        case 'i': {
            long long v = longs == 0 ? va_arg(ap, int)
                        : longs == 1 ? va_arg(ap, long) : va_arg(ap, long long);
            unsigned long long magnitude = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
            put_number(out, &spec, magnitude, v < 0, 10, 0, "");
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            unsigned long long v = longs == 0 ? va_arg(ap, unsigned)
                                 : longs == 1 ? va_arg(ap, unsigned long)
                                 : va_arg(ap, unsigned long long);
            put_number(out, &spec, v, 0, *fmt == 'u' ? 10 : 16, *fmt == 'X', "");
            break;
        }
        case 'p':
            put_number(out, &spec, (uintptr_t)va_arg(ap, void *), 0, 16, 0, "0x");
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            put_string(out, &spec, s ? s : "(null)");
            break;
        }
        case 'c': {
            char s[2] = { (char)va_arg(ap, int), '\0' };
            put_string(out, &spec, s);
            break;
        }
        case '%':
            put(out, '%');
            break;
        case '\0':
            return;
        default:
            /* Unknown conversion: show it as written. */
            put(out, '%');
            put(out, *fmt);
            break;
        }
    }
}

int vprintf(const char *fmt, va_list ap)
{
    char buf[512];
    struct sink out = { .buf = buf, .cap = sizeof(buf), .fd = 1 };

    format(&out, fmt, ap);
    flush(&out);
    return out.error ? (int)out.error : (int)out.total;
}

int printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    /* Keep the last byte for the terminating NUL. */
    struct sink out = { .buf = buf, .cap = size ? size - 1 : 0, .fd = -1 };

    format(&out, fmt, ap);
    if (size)
        buf[out.used] = '\0';
    return (int)out.total;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
