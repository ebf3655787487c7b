package dev.liandan.storage;

import dev.liandan.study.StudyStorage;

class InMemoryStorageTest extends StudyStorageContract {

    @Override
    protected StudyStorage newStorage() {
        return new InMemoryStorage();
    }

    /** Its data lives in the object: there is nothing to reopen. */
    @Override
    protected StudyStorage reopen() {
        return null;
    }
}
