package dev.sem.sql;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** A script whose COPY data stays in its file ({@link CopyElision}). */
public final class Elided {

    private final String skeleton;
    private final List<Block> blocks;
    private final Path file;
    private final Charset charset;
    private final FileStamp stamp;
    /** The skeleton offsets of the blocks, and the number of data lines up to and including each block. */
    private final int[] offsets;

    private final int[] linesThrough;

    /**
     * @param skeleton the file's text without the data lines of its COPY blocks ({@code \.} lines kept)
     * @param blocks the data blocks, in file order
     * @param file the file that holds the data
     * @param charset the file's encoding
     * @param stamp the file as it was loaded
     */
    public Elided(String skeleton, List<Block> blocks, Path file, Charset charset, FileStamp stamp) {
        this.stamp = stamp;
        this.skeleton = skeleton;
        this.blocks = List.copyOf(blocks);
        this.file = file;
        this.charset = charset;
        offsets = new int[blocks.size()];
        linesThrough = new int[blocks.size()];
        int total = 0;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = blocks.get(i).skeletonOffset();
            total += blocks.get(i).lines();
            linesThrough[i] = total;
        }
    }

    /** The file's text without the data lines of its COPY blocks ({@code \.} lines kept). */
    public String skeleton() {
        return skeleton;
    }

    /** The data blocks, in file order. */
    public List<Block> blocks() {
        return blocks;
    }

    /**
     * One data block that stays in the file.
     *
     * @param skeletonOffset where the block was in {@link #skeleton()}: the offset of its {@code \.} line
     * @param byteStart the byte offset of the block's first data line in the file
     * @param byteEnd the byte offset of its {@code \.} line (the data is {@code [byteStart, byteEnd)})
     * @param lines the number of data lines
     */
    public record Block(int skeletonOffset, long byteStart, long byteEnd, int lines) {}

    /**
     * The split of the skeleton does not take the data blocks where {@link CopyElision} found them (psql variables or
     * {@code standard_conforming_strings} changed what is COPY data): read the script whole instead.
     */
    public static final class Mismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Mismatch(String why) {
            super(why, null, false, false);
        }
    }

    /** Where the data of {@code block} is. */
    CopyFile data(Block block) {
        return new CopyFile(file, block.byteStart(), block.byteEnd(), charset, stamp);
    }

    /** The number of data lines elided before {@code offset} of the skeleton. */
    public int linesBefore(int offset) {
        int i = Arrays.binarySearch(offsets, offset);
        if (i < 0) {
            i = -i - 2;
        } else {
            while (i + 1 < offsets.length && offsets[i + 1] == offset) {
                i++; // several empty blocks at one offset
            }
        }
        return i < 0 ? 0 : linesThrough[i];
    }
}
