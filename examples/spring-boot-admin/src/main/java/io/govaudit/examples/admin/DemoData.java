package io.govaudit.examples.admin;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The invented citizens of the demo register (see {@link Citizen}). */
final class DemoData {

    private static final String[] NAMES = {"陳怡君", "林志明", "黃淑芬", "張家豪", "李雅婷", "王俊傑", "吳佩珊", "劉建宏",
        "蔡宜蓁", "楊宗翰", "許美玲", "鄭文彬"};
    private static final String[] DISTRICTS = {"臺北市中正區", "新北市板橋區", "桃園市中壢區", "臺中市西屯區", "臺南市東區",
        "高雄市苓雅區"};

    private DemoData() {
    }

    static List<Citizen> citizens() {
        List<Citizen> citizens = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            int n = i + 1;
            String district = DISTRICTS[i % DISTRICTS.length];
            citizens.add(new Citizen(String.format("C%04d", n), NAMES[i],
                    String.format("%c0%08d", (char) ('A' + i), 10_000 * n + n),
                    LocalDate.of(1960 + 3 * i, 1 + i % 12, 1 + (7 * i) % 28),
                    district + "示範路" + (1 + i % 3) + "段" + (10 + 7 * i) + "號",
                    String.format("0900-000-%03d", n), district));
        }
        return List.copyOf(citizens);
    }
}
