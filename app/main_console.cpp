#include "app/compositionroot.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTranslator>

using namespace ChargeDesk;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    App::setApplicationIdentity();

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("chargedesk"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Operator console for EV charging networks."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(
        QStringLiteral("db"),
        QApplication::translate("main",
                                "SQLite file or postgresql:// URL (default: a file in the user's data folder)."),
        QStringLiteral("location"));
    parser.addOption(dbOption);
    parser.process(app);

    auto engine = App::buildEngine(parser.value(dbOption));
    if (!engine) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "ChargeDesk"), engine.error().message());
        return 1;
    }
    Ui::MainWindow window(*engine.value()->repository);
    window.show();
    return QApplication::exec();
}
