# seq: one, two and three arguments, -s, -w, counting down, a fractional step.
seq 3
seq 4 6
seq 2 3 11
seq -s , 5
seq -w 8 11
seq 3 -1 1
seq 1 0.5 2
seq 5 1 | wc -l
