// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { joined } from '../fixtures/fake-kiosk';
import { openPage, refused, signInAs } from './staff-session';

afterEach(cleanup);

const field = (name: string) => screen.getByRole('textbox', { name }) as HTMLInputElement;
const type = (name: string, value: string) => fireEvent.change(field(name), { target: { value } });

async function joinedKiosk() {
  const kiosk = await signInAs('manager');
  kiosk.api.allianceStatus.mockResolvedValue(joined);
  openPage('Alliance');
  await screen.findByText('This kiosk belongs to the alliance “Harbour Alliance” as the space “harbour-hub”.');
  return kiosk;
}

function upload(csv: string) {
  fireEvent.change(screen.getByLabelText('Choose a member list'), { target: { files: [new File([csv], 'members.csv', { type: 'text/csv' })] } });
}

describe('joining an alliance from the manager console', () => {
  it('a kiosk not joined shows the form; joining with the address and code shows the alliance and space', async () => {
    const kiosk = await signInAs('manager');
    openPage('Alliance');
    await screen.findByText(/This kiosk has not joined an alliance/);
    const join = screen.getByRole('button', { name: 'Join the alliance' }) as HTMLButtonElement;
    expect(join.disabled).toBe(true);
    type('Registry address', ' https://registry.example ');
    type('Enrolment code', ' HARB-1234 ');
    expect(join.disabled).toBe(false);
    fireEvent.click(join);

    await screen.findByText('This kiosk belongs to the alliance “Harbour Alliance” as the space “harbour-hub”.');
    screen.getByText('Registry: https://registry.example');
    expect(kiosk.api.allianceJoin).toHaveBeenCalledWith({ url: 'https://registry.example', code: 'HARB-1234' });
    expect(screen.queryByRole('button', { name: 'Join the alliance' })).toBeNull();
  });

  it('a code the registry refuses is worded by its code, and the form keeps what was typed', async () => {
    const kiosk = await signInAs('manager');
    kiosk.api.allianceJoin.mockRejectedValueOnce(
      refused('this enrolment code has been used already', 'refused', {
        what: 'registry_refused',
        code: 'used',
        sentence: 'this enrolment code has been used already',
      }),
    );
    openPage('Alliance');
    await screen.findByText(/This kiosk has not joined an alliance/);
    type('Registry address', 'https://registry.example');
    type('Enrolment code', 'HARB-1234');
    fireEvent.click(screen.getByRole('button', { name: 'Join the alliance' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This enrolment code was used already: ask the coordinator for a new one.');
    expect(field('Enrolment code').value).toBe('HARB-1234');
  });

  it('a refusal whose code the kiosk has no words for quotes the registry’s sentence', async () => {
    const kiosk = await signInAs('manager');
    kiosk.api.allianceJoin.mockRejectedValueOnce(
      refused('the registry is resting', 'refused', { what: 'registry_refused', code: 'resting', sentence: 'the registry is resting' }),
    );
    openPage('Alliance');
    await screen.findByText(/This kiosk has not joined an alliance/);
    type('Registry address', 'https://registry.example');
    type('Enrolment code', 'HARB-1234');
    fireEvent.click(screen.getByRole('button', { name: 'Join the alliance' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The registry said no: “the registry is resting”');
  });

  it('an address that is not a registry is said in plain words', async () => {
    const kiosk = await signInAs('manager');
    kiosk.api.allianceJoin.mockRejectedValueOnce(refused('https://x does not answer as an alliance registry', 'refused', { what: 'not_a_registry' }));
    openPage('Alliance');
    await screen.findByText(/This kiosk has not joined an alliance/);
    type('Registry address', 'https://x');
    type('Enrolment code', 'HARB-1234');
    fireEvent.click(screen.getByRole('button', { name: 'Join the alliance' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That address does not answer as an alliance registry: check it.');
  });
});

describe('sending the roster', () => {
  it('an upload shows what would change, with counts and first members; Publish sends it and shows the sequence', async () => {
    const kiosk = await joinedKiosk();
    upload('id,name\nhh-10,Ann\n');
    await screen.findByRole('heading', { name: 'What would change' });
    expect(kiosk.api.alliancePreviewRoster).toHaveBeenCalledWith({ csv: 'id,name\nhh-10,Ann\n' });
    expect(kiosk.api.alliancePublishRoster).not.toHaveBeenCalled();
    const counts = screen.getAllByRole('definition').map((d) => d.querySelector('strong')!.textContent);
    expect(screen.getAllByRole('term').map((d) => d.textContent)).toEqual(['Added', 'Changed', 'Removed']);
    expect(counts).toEqual(['2', '1', '0']);
    expect(
      within(screen.getByRole('list', { name: 'Added: First members' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Ann Lee (hh-10)', 'hh-11']);
    expect(
      within(screen.getByRole('list', { name: 'Changed: First members' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Bo Chen (hh-2)']);

    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect((await screen.findByText(/^Published\./)).textContent).toBe('Published. The alliance list is now at sequence 8.');
    expect(kiosk.api.alliancePublishRoster).toHaveBeenCalledWith({ csv: 'id,name\nhh-10,Ann\n' });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    screen.getByLabelText('Choose a member list');
  });

  it('Cancel on the preview sends nothing and goes back to the upload', async () => {
    const kiosk = await joinedKiosk();
    upload('id,name\nhh-10,Ann\n');
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    screen.getByLabelText('Choose a member list');
    expect(kiosk.api.alliancePublishRoster).not.toHaveBeenCalled();
  });

  it('a roster that changes nothing offers no Publish', async () => {
    const kiosk = await joinedKiosk();
    kiosk.api.alliancePreviewRoster.mockResolvedValueOnce({
      added: 0,
      changed: 0,
      removed: 0,
      sequence: null,
      preview: { added: [], changed: [], removed: [] },
    });
    upload('id,name\nhh-10,Ann\n');
    await screen.findByText('Nothing would change: the registry already has this list.');
    expect(screen.queryByRole('button', { name: 'Publish' })).toBeNull();
  });

  it('a member list the kiosk refuses is said in words and no preview is shown', async () => {
    const kiosk = await joinedKiosk();
    kiosk.api.alliancePreviewRoster.mockRejectedValueOnce(
      refused('the CSV has no column "email"', 'invalid', { what: 'csv_column', why: 'missing', column: 'email' }),
    );
    upload('id,name\n');
    expect((await screen.findByRole('alert')).textContent).toBe('The member list was refused: it has no column “email”.');
    expect(screen.queryByRole('heading', { name: 'What would change' })).toBeNull();
    await waitFor(() => expect((screen.getByLabelText('Choose a member list') as HTMLInputElement).disabled).toBe(false));
  });

  it('a registry that cannot be reached is named with its port and why, for a roster chosen and for pass links alike', async () => {
    const kiosk = await joinedKiosk();
    const down = () =>
      refused('the registry at 127.0.0.1:47101 cannot be reached (connection refused): check the URL and the network, and try again', 'refused', {
        what: 'registry_unreachable',
        host: '127.0.0.1:47101',
        why: 'refused',
      });
    const words = 'The registry at 127.0.0.1:47101 cannot be reached (connection refused): check the URL and the network, and try again.';
    kiosk.api.alliancePreviewRoster.mockRejectedValueOnce(down());
    upload('id,space,name,email,status,validUntil,credentials\nh-1,harbour-hub,Ana,,active,,barcode:H-1\n');
    expect((await screen.findByRole('alert')).textContent).toBe(words);
    kiosk.api.alliancePassLinks.mockRejectedValueOnce(down());
    const passLinks = await screen.findByRole('button', { name: 'Download pass links' });
    await waitFor(() => expect((passLinks as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(passLinks);
    await waitFor(() => expect(kiosk.api.alliancePassLinks).toHaveBeenCalled());
    expect((await screen.findByRole('alert')).textContent).toBe(words);
  });

  it('a roster row with a status that is not one of the allowed ones is quoted with them, and nothing is said of an installed list', async () => {
    const kiosk = await joinedKiosk();
    kiosk.api.alliancePreviewRoster.mockRejectedValueOnce(
      refused('the CSV was refused: row 3, status: "actve" is not one of active, suspended, expired', 'invalid', {
        what: 'roster_refused',
        space: 'harbour-hub',
        problems: [{ what: 'value', row: 3, field: 'status', problem: { kind: 'not_one_of', value: 'actve', choices: ['active', 'suspended', 'expired'] } }],
        more: 0,
      }),
    );
    upload('id,space,name,email,status,validUntil,credentials\nh-1,harbour-hub,Ana,,active,,\nh-2,harbour-hub,Bo,,actve,,\n');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The member list was refused, and nothing was sent to the registry: row 3, “status” is “actve”, not one of active, suspended, expired.',
    );
    expect(screen.queryByRole('heading', { name: 'What would change' })).toBeNull();
  });
});
