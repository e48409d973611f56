package io.govaudit.examples.admin;

import java.time.LocalDate;

/**
 * One person in the demo register. The data is invented: the national ID is shaped like a
 * Taiwanese one but its second digit is 0, which no real ID has, and the addresses are on
 * 示範路 ("demonstration road"). Only {@link #id} ({@code C0001}) ever reaches an audit record.
 */
record Citizen(String id, String name, String nationalId, LocalDate birthDate, String address, String phone,
        String district) {
}
