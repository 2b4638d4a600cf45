package org.envgate.drivers.modbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Contiguous registers of one table read in one request, and the configured values inside them.
 * A gap between two values, when {@link #plan} allows one, is read through and ignored.
 *
 * @param function the read function: 3 (holding registers) or 4 (input registers)
 * @param start    the first register
 * @param count    the registers asked for
 * @param mappings the values inside, by register
 */
public record RegisterBlock(int function, int start, int count, List<RegisterMapping> mappings) {

    public RegisterBlock {
        mappings = List.copyOf(mappings);
    }

    /**
     * Groups {@code mappings} into as few reads as the limits allow: values of one table whose
     * registers follow each other, or are apart by at most {@code maxGap} unused registers, share a
     * read of at most {@code maxCount} registers. Blocks come by table, then by register.
     */
    public static List<RegisterBlock> plan(List<RegisterMapping> mappings, int maxCount, int maxGap) {
        List<RegisterMapping> sorted = new ArrayList<>(mappings);
        sorted.sort(Comparator.comparingInt(RegisterMapping::function).thenComparingInt(RegisterMapping::register));
        List<RegisterBlock> blocks = new ArrayList<>();
        List<RegisterMapping> current = new ArrayList<>();
        int start = 0;
        int end = 0; // one past the last register of the current block
        for (RegisterMapping m : sorted) {
            int mEnd = m.register() + m.type().registers();
            boolean joins = !current.isEmpty() && m.function() == current.get(0).function()
                    && m.register() - end <= maxGap && Math.max(end, mEnd) - start <= maxCount;
            if (!joins) {
                if (!current.isEmpty()) {
                    blocks.add(new RegisterBlock(current.get(0).function(), start, end - start, current));
                }
                current = new ArrayList<>();
                start = m.register();
                end = mEnd;
            }
            current.add(m);
            end = Math.max(end, mEnd);
        }
        blocks.add(new RegisterBlock(current.get(0).function(), start, end - start, current));
        return blocks;
    }

    /** The read that fetches this block. */
    public ModbusRequest request(int slave) {
        return ModbusRequest.read(slave, function, start, count);
    }

    /** The value of {@code mapping}, one of {@link #mappings()}, from the registers this block read. */
    public double value(RegisterMapping mapping, int[] registers) {
        return RegisterValue.decode(registers, mapping.register() - start, mapping.type(), mapping.order(),
                mapping.scale(), mapping.offset());
    }

    /** Whether the block reads registers no value uses. */
    public boolean hasGaps() {
        return plan(mappings, count, 0).size() > 1;
    }

    /** The same values in blocks without gaps, for a slave that refuses to read its unused registers. */
    public List<RegisterBlock> withoutGaps() {
        return plan(mappings, count, 0);
    }

    /** The quantities inside, for messages: {@code ph, temperature}. */
    public String quantities() {
        return mappings.stream().map(m -> m.quantity().id()).collect(Collectors.joining(", "));
    }
}
