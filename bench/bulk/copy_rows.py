# The rows of `YanjianBench bulk` (same SplitMix64 sequence, seed 42) in COPY text format, for the
# psql floor in pg_floor.sh:  python3 copy_rows.py ROWS OUT
import sys
M=(1<<64)-1
s=42
def nxt():
    global s
    s=(s+0x9E3779B97F4A7C15)&M
    z=s
    z=((z^(z>>30))*0xBF58476D1CE4E5B9)&M
    z=((z^(z>>27))*0x94D049BB133111EB)&M
    return z^(z>>31)
n=int(sys.argv[1])
out=open(sys.argv[2],'w')
for i in range(n):
    p=13000000000+nxt()%999999999
    w=0.5+(nxt()%100)/100
    out.write(f"YT{1000000000000+i}\t圆通\t张先生\t{p}\t{p+7}\t陕西省西安市雁塔区科技路{i%500}号\t茶叶\t1\t{w}\t{1767225600+i}\t610113\n")
