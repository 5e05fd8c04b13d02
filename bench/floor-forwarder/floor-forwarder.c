/*
 * floor-forwarder: the bare minimum an SFU must do per packet, as a floor to measure the engine against.
 *
 * One UDP socket, recvmmsg(2) batches. Each received datagram is an RTP packet protected with
 * AEAD_AES_128_GCM (RFC 7714) by a publisher: decrypt it once, then for every subscriber of that publisher
 * re-encrypt it with the subscriber's key (new SSRC, same sequence number and ROC) straight into a send
 * slot, and flush the slots with sendmmsg(2). No ICE, no DTLS, no RTCP, no replay window, no header
 * rewriting beyond the SSRC: the keys and addresses come from the load generator on stdin.
 *
 * Protocol (stdin, one command per line; hex without 0x):
 *   pub <ssrc> <master_key:16B> <master_salt:12B>
 *   sub <publisher_ssrc> <ipv4> <port> <out_ssrc> <master_key:16B> <master_salt:12B>
 *   go            start forwarding (prints "floor configured")
 *   stats         print "floor stats ..." now
 *   quit / EOF    print "floor stats ..." and exit
 * stdout: "floor ready port=<port> pid=<pid>" once bound.
 *
 * Build: gcc -O2 -o floor-forwarder floor-forwarder.c -lcrypto
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_PUBS 64
#define MAX_SUBS_PER_PUB 128
#define RECV_BATCH 32
#define SEND_BATCH 256
#define SLOT 2048
#define TAG_LEN 16

struct sub {
    struct sockaddr_in addr;
    uint32_t ssrc;
    EVP_CIPHER_CTX *enc;
    uint8_t salt[12];
};

struct pub {
    uint32_t ssrc;
    EVP_CIPHER_CTX *dec;
    uint8_t salt[12];
    int have_seq;
    uint16_t highest_seq;
    uint32_t roc;
    int nsubs;
    struct sub subs[MAX_SUBS_PER_PUB];
};

static struct pub pubs[MAX_PUBS];
static int npubs;

static unsigned long long received, forwarded, unknown_ssrc, auth_failures, malformed, send_errors;

static void print_stats(void)
{
    printf("floor stats received=%llu forwarded=%llu unknown_ssrc=%llu auth_failures=%llu malformed=%llu send_errors=%llu\n",
           received, forwarded, unknown_ssrc, auth_failures, malformed, send_errors);
    fflush(stdout);
}

static int hex_decode(const char *hex, uint8_t *out, size_t len)
{
    if (strlen(hex) != len * 2) return -1;
    for (size_t i = 0; i < len; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) return -1;
        out[i] = (uint8_t)v;
    }
    return 0;
}

/* RFC 3711 §4.3.1 with kdr = 0: x = label·2^48 ⊕ salt (salt zero-padded on the right to 14 bytes for
 * GCM's 96-bit salt, RFC 7714 §11), output = AES-CM(master key, IV = x·2^16), one block is enough here. */
static int derive(const uint8_t *master_key, const uint8_t *master_salt, uint8_t label, uint8_t *out, int len)
{
    uint8_t iv[16] = {0}, block[16];
    int n = 0;
    memcpy(iv, master_salt, 12);
    iv[7] ^= label;
    EVP_CIPHER_CTX *ecb = EVP_CIPHER_CTX_new();
    if (!ecb || EVP_EncryptInit_ex(ecb, EVP_aes_128_ecb(), NULL, master_key, NULL) != 1) return -1;
    EVP_CIPHER_CTX_set_padding(ecb, 0);
    if (EVP_EncryptUpdate(ecb, block, &n, iv, 16) != 1 || n != 16) return -1;
    EVP_CIPHER_CTX_free(ecb);
    memcpy(out, block, len);
    return 0;
}

static EVP_CIPHER_CTX *gcm_context(const char *key_hex, const char *salt_hex, uint8_t *session_salt, int encrypt)
{
    uint8_t master_key[16], master_salt[12], session_key[16];
    if (hex_decode(key_hex, master_key, 16) || hex_decode(salt_hex, master_salt, 12)) return NULL;
    if (derive(master_key, master_salt, 0x00, session_key, 16) || derive(master_key, master_salt, 0x02, session_salt, 12)) return NULL;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (!ctx) return NULL;
    int ok = encrypt ? EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), NULL, session_key, NULL)
                     : EVP_DecryptInit_ex(ctx, EVP_aes_128_gcm(), NULL, session_key, NULL);
    return ok == 1 ? ctx : NULL;
}

static struct pub *find_pub(uint32_t ssrc)
{
    for (int i = 0; i < npubs; i++)
        if (pubs[i].ssrc == ssrc) return &pubs[i];
    return NULL;
}

/* RFC 7714 §8.1: IV = (00 00 || SSRC || ROC || SEQ) ⊕ salt. */
static void gcm_iv(uint8_t *iv, const uint8_t *salt, uint32_t ssrc, uint32_t roc, uint16_t seq)
{
    iv[0] = 0; iv[1] = 0;
    iv[2] = ssrc >> 24; iv[3] = ssrc >> 16; iv[4] = ssrc >> 8; iv[5] = ssrc;
    iv[6] = roc >> 24; iv[7] = roc >> 16; iv[8] = roc >> 8; iv[9] = roc;
    iv[10] = seq >> 8; iv[11] = seq;
    for (int i = 0; i < 12; i++) iv[i] ^= salt[i];
}

/* RFC 3711 Appendix A: the ROC the sender most likely used for this sequence number. */
static uint32_t estimate_roc(struct pub *p, uint16_t seq)
{
    if (!p->have_seq) return p->roc;
    if (p->highest_seq < 32768)
        return (seq - p->highest_seq > 32768) ? p->roc - 1 : p->roc;
    return (p->highest_seq - 32768 > seq) ? p->roc + 1 : p->roc;
}

static int command(char *line)
{
    char a[64], b[64], c[64], d[64], e[64], f[64];
    if (strncmp(line, "pub ", 4) == 0) {
        if (npubs == MAX_PUBS || sscanf(line + 4, "%63s %63s %63s", a, b, c) != 3) return -1;
        struct pub *p = &pubs[npubs];
        memset(p, 0, sizeof *p);
        p->ssrc = (uint32_t)strtoul(a, NULL, 16);
        if (!(p->dec = gcm_context(b, c, p->salt, 0))) return -1;
        npubs++;
        return 0;
    }
    if (strncmp(line, "sub ", 4) == 0) {
        if (sscanf(line + 4, "%63s %63s %63s %63s %63s %63s", a, b, c, d, e, f) != 6) return -1;
        struct pub *p = find_pub((uint32_t)strtoul(a, NULL, 16));
        if (!p || p->nsubs == MAX_SUBS_PER_PUB) return -1;
        struct sub *s = &p->subs[p->nsubs];
        memset(s, 0, sizeof *s);
        s->addr.sin_family = AF_INET;
        s->addr.sin_port = htons((uint16_t)atoi(c));
        if (inet_pton(AF_INET, b, &s->addr.sin_addr) != 1) return -1;
        s->ssrc = (uint32_t)strtoul(d, NULL, 16);
        if (!(s->enc = gcm_context(e, f, s->salt, 1))) return -1;
        p->nsubs++;
        return 0;
    }
    return -1;
}

/* Send state: slots and headers for one sendmmsg. */
static uint8_t send_slots[SEND_BATCH][SLOT];
static struct iovec send_iov[SEND_BATCH];
static struct mmsghdr send_msgs[SEND_BATCH];
static int send_count;

static void flush(int fd)
{
    int offset = 0;
    while (offset < send_count) {
        int n = sendmmsg(fd, send_msgs + offset, send_count - offset, MSG_DONTWAIT);
        if (n > 0) { offset += n; continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == ENOBUFS)) { send_errors += send_count - offset; break; }
        send_errors++; offset++;
    }
    send_count = 0;
}

static void forward(int fd, uint8_t *pkt, int len)
{
    received++;
    if (len < 12 + TAG_LEN || (pkt[0] >> 6) != 2) { malformed++; return; }
    int header = 12 + 4 * (pkt[0] & 0x0f);
    if (pkt[0] & 0x10) {
        if (len < header + 4) { malformed++; return; }
        header += 4 + 4 * ((pkt[header + 2] << 8) | pkt[header + 3]);
    }
    if (len < header + TAG_LEN) { malformed++; return; }
    uint32_t ssrc = ((uint32_t)pkt[8] << 24) | (pkt[9] << 16) | (pkt[10] << 8) | pkt[11];
    struct pub *p = find_pub(ssrc);
    if (!p) { unknown_ssrc++; return; }
    uint16_t seq = (pkt[2] << 8) | pkt[3];
    uint32_t roc = estimate_roc(p, seq);

    uint8_t iv[12], plain[SLOT];
    int n = 0, payload = len - header - TAG_LEN;
    gcm_iv(iv, p->salt, ssrc, roc, seq);
    if (EVP_DecryptInit_ex(p->dec, NULL, NULL, NULL, iv) != 1
        || EVP_DecryptUpdate(p->dec, NULL, &n, pkt, header) != 1
        || EVP_DecryptUpdate(p->dec, plain, &n, pkt + header, payload) != 1
        || EVP_CIPHER_CTX_ctrl(p->dec, EVP_CTRL_GCM_SET_TAG, TAG_LEN, pkt + len - TAG_LEN) != 1
        || EVP_DecryptFinal_ex(p->dec, plain + n, &n) != 1) {
        auth_failures++;
        return;
    }
    /* Only an authenticated packet moves the ROC state (RFC 3711 §3.3.1). */
    if (!p->have_seq || roc > p->roc || (roc == p->roc && (uint16_t)(seq - p->highest_seq) < 32768)) {
        if (roc > p->roc) p->roc = roc;
        p->highest_seq = seq;
        p->have_seq = 1;
    }

    for (int i = 0; i < p->nsubs; i++) {
        struct sub *s = &p->subs[i];
        uint8_t *out = send_slots[send_count];
        memcpy(out, pkt, header);
        out[8] = s->ssrc >> 24; out[9] = s->ssrc >> 16; out[10] = s->ssrc >> 8; out[11] = s->ssrc;
        gcm_iv(iv, s->salt, s->ssrc, roc, seq);
        if (EVP_EncryptInit_ex(s->enc, NULL, NULL, NULL, iv) != 1
            || EVP_EncryptUpdate(s->enc, NULL, &n, out, header) != 1
            || EVP_EncryptUpdate(s->enc, out + header, &n, plain, payload) != 1
            || EVP_EncryptFinal_ex(s->enc, out + header + n, &n) != 1
            || EVP_CIPHER_CTX_ctrl(s->enc, EVP_CTRL_GCM_GET_TAG, TAG_LEN, out + header + payload) != 1) {
            continue;
        }
        send_iov[send_count].iov_len = header + payload + TAG_LEN;
        send_msgs[send_count].msg_hdr.msg_name = &s->addr;
        send_msgs[send_count].msg_hdr.msg_namelen = sizeof s->addr;
        forwarded++;
        if (++send_count == SEND_BATCH) flush(fd);
    }
}

int main(int argc, char **argv)
{
    int port = argc > 1 ? atoi(argv[1]) : 0;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int buf = 4 * 1024 * 1024;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof buf); /* fails harmlessly without CAP_NET_ADMIN */
    setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof buf);
    struct sockaddr_in bind_addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    inet_pton(AF_INET, "127.0.0.1", &bind_addr.sin_addr);
    if (bind(fd, (struct sockaddr *)&bind_addr, sizeof bind_addr) != 0) { perror("bind"); return 1; }
    socklen_t alen = sizeof bind_addr;
    getsockname(fd, (struct sockaddr *)&bind_addr, &alen);
    printf("floor ready port=%d pid=%d\n", ntohs(bind_addr.sin_port), getpid());
    fflush(stdout);

    static uint8_t recv_slots[RECV_BATCH][SLOT];
    static struct iovec recv_iov[RECV_BATCH];
    static struct mmsghdr recv_msgs[RECV_BATCH];
    for (int i = 0; i < RECV_BATCH; i++) {
        recv_iov[i].iov_base = recv_slots[i];
        recv_iov[i].iov_len = SLOT;
        recv_msgs[i].msg_hdr.msg_iov = &recv_iov[i];
        recv_msgs[i].msg_hdr.msg_iovlen = 1;
    }
    for (int i = 0; i < SEND_BATCH; i++) {
        send_iov[i].iov_base = send_slots[i];
        send_msgs[i].msg_hdr.msg_iov = &send_iov[i];
        send_msgs[i].msg_hdr.msg_iovlen = 1;
    }

    /* Control lines are read with read(2) into our own buffer (not stdio, whose buffering would hide
     * lines from poll) and handled as soon as they are complete. */
    static char input[65536];
    size_t input_length = 0;
    int running = 0, quit = 0;
    struct pollfd fds[2] = { { .fd = fd, .events = POLLIN }, { .fd = 0, .events = POLLIN } };
    while (!quit) {
        if (poll(fds, 2, -1) < 0 && errno != EINTR) break;
        if (fds[1].revents) {
            ssize_t got = read(0, input + input_length, sizeof input - 1 - input_length);
            if (got <= 0) break;
            input_length += (size_t)got;
            char *start = input, *end;
            while (!quit && (end = memchr(start, '\n', input_length - (size_t)(start - input))) != NULL) {
                *end = 0;
                if (end > start && end[-1] == '\r') end[-1] = 0;
                if (strcmp(start, "go") == 0) { running = 1; printf("floor configured pubs=%d\n", npubs); fflush(stdout); }
                else if (strcmp(start, "stats") == 0) print_stats();
                else if (strcmp(start, "quit") == 0) quit = 1;
                else if (start[0] && command(start) != 0) { fprintf(stderr, "floor: bad command: %s\n", start); return 2; }
                start = end + 1;
            }
            input_length -= (size_t)(start - input);
            memmove(input, start, input_length);
        }
        if (!(fds[0].revents & POLLIN)) continue;
        /* A bounded number of full batches per turn, so control lines are answered even when behind. */
        int n, turns = 0;
        do {
            n = recvmmsg(fd, recv_msgs, RECV_BATCH, MSG_DONTWAIT, NULL);
            for (int i = 0; i < n; i++) {
                if (running) forward(fd, recv_slots[i], (int)recv_msgs[i].msg_len);
            }
            flush(fd);
        } while (n == RECV_BATCH && ++turns < 16);
    }
    print_stats();
    return 0;
}
