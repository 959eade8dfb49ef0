/* Sparse page arrays (see mm/pagearray.h). Index bits are consumed six at a time from the
 * top: a node at height h covers 64^h indexes. */
#include <stddef.h>
#include "mm/kmalloc.h"
#include "mm/pagearray.h"

#define NODE_SHIFT 6
#define NODE_SLOTS (1U << NODE_SHIFT)
#define MAX_HEIGHT ((64 + NODE_SHIFT - 1) / NODE_SHIFT)

struct page_array_node {
	union {
		struct page_array_node *child[NODE_SLOTS];   /* above the bottom level */
		uint64_t page[NODE_SLOTS];                    /* at the bottom level */
	};
};

void page_array_init(struct page_array *a, uint64_t size)
{
	a->root = NULL;
	a->height = 1;
	while (a->height < MAX_HEIGHT && (size - 1) >> (NODE_SHIFT * a->height))
		a->height++;
}

uint64_t *page_array_slot(struct page_array *a, uint64_t index, int create)
{
	struct page_array_node **link = &a->root;

	for (int level = a->height - 1;; level--) {
		if (!*link && (!create || !(*link = kzalloc(sizeof(**link)))))
			return NULL;
		unsigned i = (index >> (NODE_SHIFT * level)) & (NODE_SLOTS - 1);
		if (level == 0)
			return &(*link)->page[i];
		link = &(*link)->child[i];
	}
}

static void free_node(struct page_array_node *node, int level, void (*fn)(uint64_t pa))
{
	if (!node)
		return;
	for (unsigned i = 0; i < NODE_SLOTS; i++) {
		if (level > 0)
			free_node(node->child[i], level - 1, fn);
		else if (node->page[i])
			fn(node->page[i]);
	}
	kfree(node);
}

void page_array_free(struct page_array *a, void (*fn)(uint64_t pa))
{
	free_node(a->root, a->height - 1, fn);
	a->root = NULL;
}
