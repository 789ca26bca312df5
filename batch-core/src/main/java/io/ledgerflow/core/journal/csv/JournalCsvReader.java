package io.ledgerflow.core.journal.csv;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.ledgerflow.core.billing.BadInputFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a canonical journal file back into a {@link TrialBalance}. */
public final class JournalCsvReader {

    private static final int DEBIT = 7;
    private static final int CREDIT = 8;

    private JournalCsvReader() {}

    public static TrialBalance trialBalanceOf(Path file) {
        TrialBalance balance = new TrialBalance();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().allowMissingFields(true).allowExtraFields(true)
                .ofCsvRecord(file, StandardCharsets.UTF_8)) {
            boolean first = true;
            for (CsvRecord record : csv) {
                if (first) {
                    first = false;
                    if (!String.join(",", record.getFields()).equals(JournalCsvWriter.HEADER)) {
                        throw new BadInputFileException(file.toString(), record.getStartingLineNumber(),
                                "not a ledgerflow journal: the header must be " + JournalCsvWriter.HEADER, null);
                    }
                    continue;
                }
                addRow(balance, file, record);
            }
            if (first) {
                throw new BadInputFileException(file.toString(), 0, "the file is empty: expected a journal header", null);
            }
        } catch (NoSuchFileException e) {
            throw new BadInputFileException(file.toString(), 0, "no such file", e);
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputFileException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
        } catch (CsvParseException e) {
            throw new BadInputFileException(file.toString(), 0, "not valid CSV: " + e.getMessage(), e);
        }
        return balance;
    }

    private static void addRow(TrialBalance balance, Path file, CsvRecord record) {
        if (record.getFieldCount() != 11) {
            throw new BadInputFileException(file.toString(), record.getStartingLineNumber(),
                    "expected 11 fields, found " + record.getFieldCount(), null);
        }
        try {
            String debit = record.getField(DEBIT);
            String credit = record.getField(CREDIT);
            BigDecimal d = debit.isEmpty() ? null : new BigDecimal(debit);
            BigDecimal c = credit.isEmpty() ? null : new BigDecimal(credit);
            if ((d == null) == (c == null)) {
                throw new NumberFormatException("exactly one of debit and credit must be set");
            }
            BigDecimal zero = BigDecimal.ZERO.setScale((d != null ? d : c).scale());
            balance.add(record.getField(4), record.getField(5), record.getField(9), d == null ? zero : d, c == null ? zero : c);
        } catch (NumberFormatException e) {
            throw new BadInputFileException(file.toString(), record.getStartingLineNumber(),
                    "bad amount: " + e.getMessage(), e);
        }
    }
}
